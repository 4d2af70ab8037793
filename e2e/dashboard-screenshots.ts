// Screenshots of the admin dashboard with a seeded month of events, for apps/sync-server/docs:
// `npm run screenshots:dashboard -w e2e`. The real server runs; the month (joins, stamps on every
// channel at three locations, undone stamps, rewards redeemed) is appended next to it through the
// store's own append path on the same SQLite file, as a month of tills and POS would have.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { seedActivity } from "../apps/sync-server/bench/seed-activity";
import { openSqliteStorage } from "../apps/sync-server/src/storage/sqlite/sqlite-storage";
import { launchChromium } from "./support/chromium";
import { StampServer } from "./support/stamp-server";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DOCS = join(ROOT, "apps/sync-server/docs");
const EMAIL = "owner@olive.test";
const PASSWORD = "olive-password-1";
const DAY = 86_400_000;

async function seedMonth(server: StampServer, merchantId: string, mainLocation: string) {
  const storage = openSqliteStorage(join(server.dataDir, "stamp.db"));
  try {
    const { store } = storage;
    const main = await store.getLocation(merchantId, mainLocation);
    if (!main) throw new Error("no location");
    await store.renameLocation(merchantId, mainLocation, "Olive Street", Date.now());
    const locationIds = [mainLocation];
    for (const name of ["Station kiosk", "Market stall"]) {
      const id = randomUUID();
      await store.createLocation({ ...main, id, name, createdAt: Date.now() });
      locationIds.push(id);
    }
    const [program] = await store.listPrograms(merchantId);
    if (!program) throw new Error("no program");
    const today = Math.floor(Date.now() / DAY) * DAY;
    await seedActivity(store, {
      merchantId,
      program: program.program,
      serverDeviceId: (await store.getServerDevice(merchantId)).id,
      locationIds,
      events: 6_000,
      cards: 420,
      end: today,
      days: 30,
    });
  } finally {
    await storage.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(DOCS, { recursive: true });
  const server = await StampServer.start();
  const browser = await launchChromium();
  try {
    const merchant = await server.createMerchant("Café Olive");
    await server.createAdmin(merchant.merchantId, EMAIL, PASSWORD);
    await seedMonth(server, merchant.merchantId, merchant.locationId);
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
