import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Each file starts a real server (key generation, password hashing); on a busy 2-core machine
    // that can take seconds, which is not a failure.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
