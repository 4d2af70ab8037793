import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yauzl from "yauzl";

/**
 * Reading and checking built passes, for this package's tests and its users' (the server's):
 * `@stamp/pass-builder/testing`.
 */

/** Reads every entry of a zip archive with yauzl. */
export function unzip(archive: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(archive, { lazyEntries: true }, (openError, zip) => {
      if (openError || !zip) return reject(openError ?? new Error("no zip"));
      const files = new Map<string, Buffer>();
      zip.on("error", reject);
      zip.on("end", () => resolve(files));
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("error", reject);
          stream.on("end", () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Runs the real `openssl cms -verify` on a pass's signature; resolves to its exit code and output. */
export async function opensslVerify(
  files: ReadonlyMap<string, Buffer>,
  caCertPath: string,
): Promise<{ ok: boolean; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), "pkpass-verify-"));
  const signature = files.get("signature");
  const manifest = files.get("manifest.json");
  if (!signature || !manifest) return { ok: false, output: "signature or manifest.json missing" };
  await writeFile(join(dir, "signature"), signature);
  await writeFile(join(dir, "manifest.json"), manifest);
  const args = [
    "cms",
    "-verify",
    "-binary",
    "-inform",
    "DER",
    "-in",
    join(dir, "signature"),
    "-content",
    join(dir, "manifest.json"),
    "-CAfile",
    caCertPath,
    "-purpose",
    "any",
    "-out",
    "/dev/null",
  ];
  return new Promise((resolve) => {
    execFile("/usr/bin/openssl", args, (error, stdout, stderr) => {
      resolve({ ok: error === null, output: `${stdout}${stderr}` });
    });
  });
}

/** A pass's manifest, checked to list and hash exactly the pass's files. Throws otherwise. */
export function checkedManifest(files: ReadonlyMap<string, Buffer>): Record<string, string> {
  const manifest = JSON.parse(String(files.get("manifest.json"))) as Record<string, string>;
  const signed = [...files.keys()].filter((k) => k !== "manifest.json" && k !== "signature");
  if (Object.keys(manifest).sort().join() !== signed.sort().join())
    throw new Error("manifest.json does not list exactly the pass's files");
  for (const [path, hash] of Object.entries(manifest)) {
    const actual = createHash("sha1")
      .update(files.get(path) as Buffer)
      .digest("hex");
    if (actual !== hash) throw new Error(`hash mismatch for ${path}`);
  }
  return manifest;
}

export interface OpenedPass {
  readonly files: ReadonlyMap<string, Buffer>;
  readonly passJson: Record<string, unknown>;
}

/**
 * Unzips a .pkpass, checks every manifest.json hash and verifies the detached signature with
 * `openssl cms -verify` against the given CA. Throws on any failure.
 */
export async function openVerifiedPass(pkpass: Buffer, caCertPath: string): Promise<OpenedPass> {
  const files = await unzip(pkpass);
  checkedManifest(files);
  const verified = await opensslVerify(files, caCertPath);
  if (!verified.ok) throw new Error(`openssl cms -verify failed: ${verified.output}`);
  return { files, passJson: JSON.parse(String(files.get("pass.json"))) };
}

/** Parses an Apple `.strings` file (`"key" = "value";`, with \" \\ \n \r \t \Uxxxx escapes). */
export function parseStrings(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const quoted = String.raw`"((?:[^"\\]|\\.)*)"`;
  const line = new RegExp(`^\\s*${quoted}\\s*=\\s*${quoted}\\s*;\\s*$`);
  const unescaped = (s: string) =>
    s.replace(/\\(U[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
      if (e.startsWith("U")) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
      return ({ n: "\n", r: "\r", t: "\t" } as Record<string, string>)[e] ?? e;
    });
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    const match = line.exec(raw);
    if (!match) throw new Error(`not a .strings line: ${raw}`);
    out.set(unescaped(match[1] as string), unescaped(match[2] as string));
  }
  return out;
}
