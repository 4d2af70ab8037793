import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Each file starts a real server (key generation, password hashing); on a busy 2-core machine
    // that can take seconds, which is not a failure.
    hookTimeout: 60_000,
    testTimeout: 30_000,
    // Test files share one worker process and its modules: importing the server's modules once
    // instead of once a file saves minutes. Module state is per server (caches, timers, pools are
    // the instance's), and a file that leaves a server or a process running fails (leftover-guard).
    isolate: false,
    setupFiles: ["./test/leftover-guard.ts"],
    // A real PostgreSQL for the run (initdb + pg_ctl in a temp dir): the storage contract and the
    // integration tests run on it as well as on SQLite. The bundle the tests' stampd processes run.
    // The development wallet credentials test servers start with.
    globalSetup: [
      "./test/postgres-global-setup.ts",
      "./test/bundle-global-setup.ts",
      "./test/dev-credentials-global-setup.ts",
    ],
  },
});
