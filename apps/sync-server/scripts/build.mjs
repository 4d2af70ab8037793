// Bundles the server and its workspace packages into dist/stampd.mjs, what `npm start` runs: no
// TypeScript loader at run time (tsx's loader thread alone holds ~30 MB), and a faster start.
// npm packages stay external and load from node_modules. The bundle starts with bin/stampd.mjs's
// #! line, so both run with the same node flags.
import { chmodSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../", import.meta.url));
const shebang = readFileSync(`${root}bin/stampd.mjs`, "utf8").split("\n", 1)[0];
const outfile = `${root}dist/stampd.mjs`;

await build({
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
        // Our workspace packages are TypeScript sources: they are bundled. The rest is plain npm.
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith("@stamp/") ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
chmodSync(outfile, 0o755);
