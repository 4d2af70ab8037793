// Bundles the server and its workspace packages into dist/stampd.mjs, what `npm start` runs: no
// TypeScript loader at run time (tsx's loader thread alone holds ~30 MB), and a faster start.
// npm packages stay external and load from node_modules. The bundle starts with bin/stampd.mjs's
// #! line, so both run with the same node flags.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { jsxWithoutAsyncStorage } from "./jsx-without-async-storage.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const shebang = readFileSync(`${root}bin/stampd.mjs`, "utf8").split("\n", 1)[0];
const outfile = `${root}dist/stampd.mjs`;

// Written whole under a temporary name, then renamed: a test run builds it while servers of
// another lane may be starting from it, and they must read the old file or the new one, never half.
const { outputFiles } = await build({
  write: false,
  entryPoints: [`${root}src/cli.ts`],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: `${root}tsconfig.json`,
  banner: { js: shebang },
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
const [bundle] = outputFiles;
// All ASCII: V8 keeps a module's source text for as long as the process runs (lazy compilation,
// `toString`), and one character past Latin-1 makes it two bytes per character: 4.3 MB of live
// heap instead of 2.2, and the old generation grows to 1.5× what is alive (stampd's #! line).
// esbuild escapes strings, templates, regexes and identifiers (charset ascii); what it leaves
// are comments it keeps (an em dash, ×, →), where an escape reads as well.
const ascii = bundle.text.replace(
  /[^\0-\x7f]/g,
  (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`,
);
const temporary = `${outfile}.${process.pid}.tmp`;
mkdirSync(`${root}dist`, { recursive: true });
writeFileSync(temporary, ascii);
chmodSync(temporary, 0o755);
renameSync(temporary, outfile);
