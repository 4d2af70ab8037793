// Screenshots of the admin dashboard with a seeded month of events, for apps/sync-server/docs:
// `npm run screenshots:dashboard -w e2e`. The real server runs; the month (joins, stamps on every
// channel at three locations, undone stamps, rewards redeemed) is appended next to it through the
// store's own append path on the same SQLite file (apps/sync-server/bench/seed-month.ts), as a
// month of tills and POS would have.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./support/chromium";
import { StampServer } from "./support/stamp-server";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SERVER = join(ROOT, "apps/sync-server");
const DOCS = join(SERVER, "docs");
const EMAIL = "owner@olive.test";
const PASSWORD = "olive-password-1";

async function main(): Promise<void> {
  mkdirSync(DOCS, { recursive: true });
  const server = await StampServer.start();
  const browser = await launchChromium();
  try {
    const merchant = await server.createMerchant("Café Olive");
    await server.createAdmin(merchant.merchantId, EMAIL, PASSWORD);
    execFileSync(
      "npx",
      ["tsx", "bench/seed-month.ts", join(server.dataDir, "stamp.db"), merchant.merchantId],
      { cwd: SERVER, stdio: "inherit" },
    );
    for (const [size, viewport] of [
      ["desktop", { width: 1280, height: 800 }],
      ["tablet", { width: 768, height: 1024 }],
    ] as const) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`${server.url}/admin/login`);
      await page.locator('input[name="email"]').fill(EMAIL);
      await page.locator('input[name="password"]').fill(PASSWORD);
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL(`${server.url}/admin`);
      await page.locator('[data-testid="chart-visits"]').waitFor();
      const file = `admin-dashboard-insight-${size}.png`;
      await page.screenshot({ path: join(DOCS, file), fullPage: true });
      process.stderr.write(`screenshots: ${file}\n`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
