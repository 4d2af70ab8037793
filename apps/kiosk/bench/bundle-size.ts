import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface BundleSize {
  /** Entry chunk and everything it imports statically: what runs before the first screen. */
  readonly initialGzip: number;
  readonly initialFiles: readonly string[];
  /** The camera decoder, imported only when a camera opens. */
  readonly cameraGzip: number;
}

const STATIC_IMPORT = /(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\/[^"']+\.js)["']/g;

function gzipSize(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

/**
 * Measures the built app: the entry script of index.html plus its static imports, followed
 * transitively; dynamic `import()`s (camera, other languages) are left out, as the browser only
 * fetches them on demand.
 */
export function measureBundle(dist: string): BundleSize {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const entry = /<script type="module"[^>]*src="\/app\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error("index.html has no module entry script");
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(join(dist, file), "utf8");
    for (const match of source.matchAll(STATIC_IMPORT)) visit(join("assets", match[1] as string));
  };
  visit(entry);
  const files = [...seen];
  const assets = readFileSync(join(dist, "sw.js"), "utf8");
  const camera = /assets\/zxing-decoder-[\w-]+\.js/.exec(assets)?.[0];
  return {
    initialGzip: files.reduce((sum, file) => sum + gzipSize(join(dist, file)), 0),
    initialFiles: files,
    cameraGzip: camera ? gzipSize(join(dist, camera)) : 0,
  };
}
