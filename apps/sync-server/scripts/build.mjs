// Bundles the server and its workspace packages into dist/stampd.mjs, what `npm start` runs: no
// TypeScript loader at run time (tsx's loader thread alone holds ~30 MB), and a faster start.
// npm packages stay external and load from node_modules. The bundle starts with bin/stampd.mjs's
// #! line, so both run with the same node flags.
// What the sources `import()` (the PostgreSQL storage, the migration to it) is split into chunks
// beside it (dist/stampd-*.mjs), loaded with that first use: esbuild puts every static import of an
// npm package at the top of the file it lands in, so in one file pg, drizzle's node-postgres and
// pg-core loaded in every SQLite server (1.4 MB of live heap at an idle start, 3–10 MB of RSS).
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { jsxWithoutAsyncStorage } from "./jsx-without-async-storage.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const shebang = readFileSync(`${root}bin/stampd.mjs`, "utf8").split("\n", 1)[0];
const outfile = `${root}dist/stampd.mjs`;

const { outputFiles } = await build({
  write: false,
  entryPoints: { stampd: `${root}src/cli.ts` },
  outdir: `${root}dist`,
  outExtension: { ".js": ".mjs" },
  splitting: true,
  chunkNames: "stampd-[hash]",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: `${root}tsconfig.json`,
  logLevel: "warning",
  plugins: [
    {
      name: "npm-packages-external",
      setup(b) {
        // Our workspace packages are TypeScript sources: they are bundled. The rest is plain npm,
        // but for the JSX runtime our pages are drawn with (jsx-without-async-storage.mjs).
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith("@stamp/") || args.path === "hono/jsx/jsx-runtime"
            ? undefined
            : { path: args.path, external: true },
        );
      },
    },
    jsxWithoutAsyncStorage,
  ],
});
// All ASCII: V8 keeps a module's source text for as long as the process runs (lazy compilation,
// `toString`), and one character past Latin-1 makes it two bytes per character: 4.3 MB of live
// heap instead of 2.2, and the old generation grows to 1.5× what is alive (stampd's #! line).
// esbuild escapes strings, templates, regexes and identifiers (charset ascii); what it leaves
// are comments it keeps (an em dash, ×, →), where an escape reads as well.
const ascii = (text) =>
  text.replace(/[^\0-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`);
mkdirSync(`${root}dist`, { recursive: true });
// Each file written whole under a temporary name, then renamed, the entry last: a test run builds
// while servers of another lane may be starting from the bundle, and they must read the old files
// or the new ones, never half. A chunk's name is its content's hash: the old entry's chunks stay.
const entry = outputFiles.find((file) => file.path === outfile);
for (const file of [...outputFiles.filter((file) => file !== entry), entry]) {
  const temporary = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temporary, file === entry ? `${shebang}\n${ascii(file.text)}` : ascii(file.text));
  chmodSync(temporary, file === entry ? 0o755 : 0o644);
  renameSync(temporary, file.path);
}
