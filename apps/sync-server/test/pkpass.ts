import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface OpenedPass {
  readonly files: ReadonlyMap<string, Buffer>;
  readonly passJson: Record<string, unknown> & { [key: string]: unknown };
}

function walk(dir: string, root = dir, out = new Map<string, Buffer>()): Map<string, Buffer> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, root, out);
    else out.set(relative(root, path), readFileSync(path));
  }
  return out;
}

/**
 * Unzips a .pkpass with the system `unzip`, checks every manifest.json hash and verifies the
 * detached signature with `openssl cms -verify` against the given CA, as the proof asks.
 */
export async function openVerifiedPass(pkpass: Buffer, caPath: string): Promise<OpenedPass> {
  const dir = mkdtempSync(join(tmpdir(), "pkpass-"));
  const file = join(dir, "card.pkpass");
  writeFileSync(file, pkpass);
  await run("unzip", ["-q", file, "-d", join(dir, "x")]);
  const files = walk(join(dir, "x"));
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
  await run("openssl", [
    "cms",
    "-verify",
    "-binary",
    "-inform",
    "DER",
    "-in",
    join(dir, "x", "signature"),
    "-content",
    join(dir, "x", "manifest.json"),
    "-CAfile",
    caPath,
    "-purpose",
    "any",
    "-out",
    "/dev/null",
  ]);
  return { files, passJson: JSON.parse(String(files.get("pass.json"))) };
}

/** Parses an Apple `.strings` file ("key" = "value"; with \" \\ \n escapes) into a map. */
export function parseStrings(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const string = String.raw`"((?:[^"\\]|\\.)*)"`;
  const line = new RegExp(`^\\s*${string}\\s*=\\s*${string}\\s*;\\s*$`);
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
