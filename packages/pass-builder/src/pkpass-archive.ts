import { createHash } from "node:crypto";
import type { ManifestSigner } from "./manifest-signature";

/** A file of the pass bundle: its path inside the archive and its bytes. */
export interface PassFile {
  path: string;
  content: Buffer;
}

/** Loaded with the first pass (index.ts), and kept: an `import()` of it costs ~6 µs a pass. */
let yazl: typeof import("yazl") | undefined;

/** Fixed so the same pass content zips to the same bytes (apart from the signing time). */
const ENTRY_TIME = new Date(Date.UTC(2020, 0, 1));

/**
 * Adds `manifest.json` (SHA-1 of every file, as Wallet requires) and its detached
 * `signature`, then zips the bundle. PNGs are stored (they are compressed already);
 * the text files are deflated.
 */
export async function packPkpass(
  files: readonly PassFile[],
  sign: ManifestSigner,
  signingTime: Date,
): Promise<Buffer> {
  const manifest: Record<string, string> = {};
  for (const file of files)
    manifest[file.path] = createHash("sha1").update(file.content).digest("hex");
  const manifestBuffer = Buffer.from(JSON.stringify(manifest));
  const all: PassFile[] = [
    ...files,
    { path: "manifest.json", content: manifestBuffer },
    { path: "signature", content: sign(manifestBuffer, signingTime) },
  ];

  yazl ??= (await import("yazl")).default;
  const zip = new yazl.ZipFile();
  for (const file of all) {
    zip.addBuffer(file.content, file.path, {
      mtime: ENTRY_TIME,
      compress: !file.path.endsWith(".png"),
    });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}
