// An esbuild plugin for the bundle (build.mjs): our pages are drawn by hono/jsx, bundled with the
// server, in its render store of synchronous code instead of its AsyncLocalStorage.
//
// Why: on Node 20 and 22 an AsyncLocalStorage that has run once puts a hook on every promise the
// process makes, for good. hono/jsx runs its own for every page (a <head> or <svg> is a context),
// so once any page had been drawn — a customer opening a card, a merchant the admin — every sync
// round paid for it: 57.0 -> 48.5 KB of garbage per idle round (bench/round-overhead.ts). Our
// components are all synchronous and read no context after an await, where hono/jsx's store
// without AsyncLocalStorage (its path for runtimes that have none) gives the same pages.
// Node 24's AsyncLocalStorage needs no hook; then this plugin can go.
import { readFileSync } from "node:fs";

/** The one statement of hono/jsx's context module that makes its AsyncLocalStorage. */
const MAKES_STORAGE = "if (AsyncLocalStorage) asyncLocalStorage = new AsyncLocalStorage();";

export const jsxWithoutAsyncStorage = {
  name: "jsx-without-async-storage",
  setup(b) {
    b.onLoad({ filter: /hono[\\/]dist[\\/]jsx[\\/]context\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      // A hono that changed this module fails the build, rather than draw pages in a way unchecked.
      if (!source.includes(MAKES_STORAGE))
        throw new Error(
          `hono/jsx changed, see scripts/jsx-without-async-storage.mjs: ${args.path}`,
        );
      return { contents: source.replace(MAKES_STORAGE, ""), loader: "js" };
    });
  },
};
