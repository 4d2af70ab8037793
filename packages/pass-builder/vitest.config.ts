import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The test certificates are RSA keys generated in beforeAll hooks: on a busy 2-core machine
    // that takes longer than vitest's 10 s default, which is not a failure.
    hookTimeout: 60_000,
    // Files share the worker's modules (pure functions, no module state): 23 → 12 CPU-s.
    isolate: false,
  },
});
