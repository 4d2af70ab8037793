import { defineConfig } from "vitest/config";

// Unit tests cover pure logic only, so they run in Node without the PWA/React build plugins.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "tooling/**/*.test.ts"],
    environment: "node",
  },
});
