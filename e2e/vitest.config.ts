import { defineConfig } from "vitest/config";

// One real server and one real Chromium per file: files run one after another, with time to spare.
export default defineConfig({
  test: {
    include: ["**/*.e2e.test.ts"],
    globalSetup: ["./global-setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
