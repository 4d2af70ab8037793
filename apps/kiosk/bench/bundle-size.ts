import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface BundleSize {
  /** Entry chunk and everything it imports statically: what runs before the first screen. */
  readonly initialGzip: number;
  readonly initialFiles: readonly string[];
  /** Every script of the build, initial or loaded on demand (screens, camera, languages). */
  readonly totalGzip: number;
  readonly totalFiles: number;
}

const STATIC_IMPORT = /(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\/[^"']+\.js)["']/g;

function gzipSize(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

/**
 * Measures the built app: the entry script of index.html plus its static imports, followed
 * transitively; dynamic `import()`s (each mode's screen, pairing, camera, other languages) are
 * left out, as the browser only fetches them on demand. Fails when the service worker does not
 * precache a script: a till offline after its first load could not open that screen.
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
  const all = readdirSync(join(dist, "assets"))
    .filter((name) => name.endsWith(".js"))
    .map((name) => join("assets", name));
  const precache = readFileSync(join(dist, "sw.js"), "utf8");
  const missing = all.filter((file) => !precache.includes(`"${file}"`));
  if (missing.length > 0) throw new Error(`not precached: ${missing.join(", ")}`);
  const size = (list: readonly string[]) =>
    list.reduce((sum, file) => sum + gzipSize(join(dist, file)), 0);
  return {
    initialGzip: size(files),
    initialFiles: files,
    totalGzip: size(all),
    totalFiles: all.length,
  };
}
