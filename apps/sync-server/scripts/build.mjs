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
const temporary = `${outfile}.${process.pid}.tmp`;
mkdirSync(`${root}dist`, { recursive: true });
writeFileSync(temporary, bundle.contents);
chmodSync(temporary, 0o755);
renameSync(temporary, outfile);
