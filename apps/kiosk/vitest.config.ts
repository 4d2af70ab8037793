import { defineConfig } from "vitest/config";

// Unit tests cover pure logic only, so they run in Node without the PWA/React build plugins.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "tooling/**/*.test.ts"],
    environment: "node",
    // Files share the worker's modules: importing them afresh per file was most of the suite's
    // CPU (23 → 6 CPU-s). Tests make their own databases and clocks; no module keeps state.
    isolate: false,
  },
});
