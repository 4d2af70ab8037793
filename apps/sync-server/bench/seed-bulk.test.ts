import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { rebuildPendingRollups } from "../src/insight/rollup-rebuild";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import type { DashboardFacts, DashboardQuery } from "../src/storage/insight-store";
import { freshPostgresDatabase } from "../test/test-postgres";
import { databaseSettings } from "./bench-support";
import { type ActivityPlan, seedActivity } from "./seed-activity";
import { bulkTarget, seedBulk } from "./seed-bulk";

const DAY = 86_400_000;
const END = Date.UTC(2026, 11, 6, 6);

/** A merchant with three locations, ready for a year of activity ending at END. */
async function activityMerchant(
  services: Awaited<ReturnType<typeof openServices>>,
  events: number,
): Promise<ActivityPlan> {
  const merchant = await createMerchant(services, "Bulk Cafe");
  const { store } = services;
  const main = await store.getLocation(merchant.merchantId, merchant.locationId);
  if (!main) throw new Error("no main location");
  const locationIds = [merchant.locationId];
  for (const name of ["Station kiosk", "Market stall"]) {
    const id = randomUUID();
    await store.createLocation({ ...main, id, name, createdAt: END - 400 * DAY });
    locationIds.push(id);
  }
  const program = (await store.getProgram(merchant.merchantId, merchant.programId))?.program;
  if (!program) throw new Error("no program");
  const server = await store.getServerDevice(merchant.merchantId);
  return {
    merchantId: merchant.merchantId,
    program,
    serverDeviceId: server.id,
    locationIds,
    events,
    cards: events / 20,
    end: END,
    days: 365,
  };
}

/** Facts with each location named by its place in the plan, so two merchants' compare. */
function byPlace(facts: DashboardFacts, plan: ActivityPlan): DashboardFacts {
  const place = (key: string) => (key === "" ? "" : `#${plan.locationIds.indexOf(key)}`);
  const locations = facts.locations.map((s) => ({ ...s, key: place(s.key) }));
  return { ...facts, locations: locations.sort((a, b) => (a.key < b.key ? -1 : 1)) };
}

const backends = [
  { name: "SQLite", database: async () => ({ url: null, drop: async () => {} }) },
  { name: "PostgreSQL", database: freshPostgresDatabase },
];

describe.each(backends)("the dashboard bench's bulk seeder on $name", ({ database }) => {
  it("gives the same dashboard figures as the same activity appended through the store", async () => {
    const db = await database();
    const dataDir = mkdtempSync(join(tmpdir(), "stamp-seed-bulk-"));
    const settings = databaseSettings(db.url);
    const config = { ...loadConfig({}), dataDir, ...settings.config };
    const open = () => openServices(config, createLogger("warn"), "http://localhost");
    try {
      const first = await open();
      const appended = await activityMerchant(first, 3_000);
      await seedActivity(first.store, appended);
      const bulk = await activityMerchant(first, 3_000);
      await seedBulk(
        first.store,
        bulk,
        () => bulkTarget(dataDir, db.url),
        () => first.storage.close(),
      );
      // The server's rebuild of the bulk merchant's rollup from its log (it is in insight_pending).
      const reopened = await open();
      await rebuildPendingRollups({
        store: reopened.store,
        now: Date.now,
        logger: createLogger("warn"),
      });
      try {
        const year = { from: END - 365 * DAY, to: END + DAY, now: END };
        const month = { from: END - 30 * DAY, to: END + DAY, now: END };
        // Each merchant asked for the same view: a location is the one at the same place.
        const views: ((plan: ActivityPlan) => DashboardQuery)[] = [
          () => ({ ...year, locationIds: null }),
          () => ({ ...month, locationIds: null }),
          () => ({ ...year, locationIds: [""] }),
          ...[0, 1, 2].map((place) => (plan: ActivityPlan) => ({
            ...year,
            locationIds: [plan.locationIds[place] as string],
          })),
        ];
        for (const view of views) {
          const want = await reopened.store.dashboardFacts(appended.merchantId, view(appended));
          const got = await reopened.store.dashboardFacts(bulk.merchantId, view(bulk));
          expect(byPlace(got, bulk)).toEqual(byPlace(want, appended));
        }
        const all = await reopened.store.dashboardFacts(appended.merchantId, {
          ...year,
          locationIds: null,
        });
        expect(all.days.reduce((n, d) => n + d.earned + d.redeemed, 0)).toBeGreaterThan(50);
        expect(all.locations.length).toBe(4);
      } finally {
        await reopened.storage.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await db.drop();
    }
  });
});
