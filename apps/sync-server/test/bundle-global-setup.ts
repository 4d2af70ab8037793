import { buildBundle } from "./spawn-server";

/**
 * Builds dist/stampd.mjs from the current sources once per test run (vitest globalSetup): the
 * stampd processes the tests start run it, as `npm start` does.
 */
export default function setup(): void {
  buildBundle();
}
