import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Builds the kiosk PWA once; the sync server serves apps/kiosk/dist at /app/. Vitest sets
 * NODE_ENV=test, which would make Vite build React's development bundle without the service worker.
 * And the server's bundle, which every file's `stampd` runs (support/stamp-server.ts).
 */
export default function setup(): void {
  execFileSync("npm", ["run", "build", "-w", "apps/kiosk"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  execFileSync(process.execPath, [`${ROOT}apps/sync-server/scripts/build.mjs`], {
    stdio: "inherit",
  });
}
