import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Files share the worker's modules (pure functions, no module state): importing them afresh
    // per file was most of the suite's CPU.
    isolate: false,
  },
});
