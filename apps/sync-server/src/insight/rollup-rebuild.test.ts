import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { dashboardByFold } from "../../test/dashboard-fold";
import { call, KIOSK_PROTOCOL, TestDevice } from "../../test/fixtures";
import { freshPostgresDatabase } from "../../test/test-postgres";
import { DATABASES, startServerOn, type TestDatabaseKind } from "../../test/test-server";
import { createAdmin } from "../admin/create-admin";
import { createPairingCode } from "../devices/create-pairing-code";
import { translator } from "../i18n/translate";
import type { RunningServer } from "../server";
import { busyMerchant, everyEvent, START } from "../storage/contract/insight.contract";
import type { DashboardQuery } from "../storage/insight-store";
import { withPgClient } from "../storage/pg/with-pg-client";
import { dashboardTotals } from "./dashboard-summary";
import { rollupClears } from "./rollup-clears";
import { ROLLUP_LEASE_MS } from "./rollup-rebuild";

const DAY = 86_400_000;
const PASSWORD = "a long test password";
/** The busy merchant's months (its events run from START for about four months). */
const RANGE = "/admin?from=2026-06-01&to=2026-12-31";
const QUERY: Omit<DashboardQuery, "now"> = {
  from: Date.UTC(2026, 5, 1),
  to: Date.UTC(2027, 0, 1),
  locationIds: null,
};

/** Holds a server's rollup rebuild before each step until the test lets a step (or all) go. */
class StepGate {
  calls = 0;
  #open = false;
  #held: (() => void) | null = null;
  #arrive: (() => void) | null = null;

  readonly beforeStep = (): Promise<void> => {
    this.calls += 1;
    if (this.#open) return Promise.resolve();
    return new Promise((resolve) => {
      this.#held = resolve;
      this.#arrive?.();
      this.#arrive = null;
    });
  };

  /** Resolves once the rebuild waits at the gate. */
  held(): Promise<void> {
    if (this.#held) return Promise.resolve();
    return new Promise((resolve) => {
      this.#arrive = resolve;
    });
  }

  pass(): void {
    const go = this.#held;
    this.#held = null;
    go?.();
  }

  open(): void {
    this.#open = true;
    this.pass();
  }
}

/**
 * An install upgraded by a migration that adds a rollup table: a merchant with four months of
 * activity (and an admin), its rollup then forgotten and marked for a rebuild, as the migration
 * leaves it. The caller starts servers on it and drops it.
 */
async function upgradedInstall(database: TestDatabaseKind) {
  const dataDir = mkdtempSync(join(tmpdir(), "stamp-rollup-"));
  const postgres = database === "postgres" ? await freshPostgresDatabase("migrated") : null;
  const options = postgres ? { databaseUrl: postgres.url } : {};
  const first = await startServerOn(dataDir, options);
  const busy = await busyMerchant(first.services.store);
  // Made straight through the store: its card-code key (which pairing hands tills) made here.
  await first.services.cardKeys.create(busy.merchant.merchantId, new Date());
  const email = `owner-${busy.merchant.merchantId}@example.org`;
  const admin = await createAdmin(first.services, {
    email,
    password: PASSWORD,
    merchantId: busy.merchant.merchantId,
  });
  if (!admin.ok) throw new Error(admin.reason);
  const seed = first.seed;
  if (!seed) throw new Error("a fresh data dir is seeded");
  await first.close();
  const { merchantId } = busy.merchant;
  const forget = [
    ...rollupClears(`'${merchantId}'`),
    `INSERT INTO insight_pending (merchant_id) VALUES ('${merchantId}')`,
  ];
  if (postgres)
    await withPgClient(postgres.url, async (client) => {
      for (const statement of forget) await client.query(statement);
    });
  else {
    const db = new Database(join(dataDir, "stamp.db"));
    for (const statement of forget) db.prepare(statement).run();
    db.close();
  }
  return {
    busy,
    seed,
    email,
    dataDir,
    options,
    async drop() {
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A till of the busy merchant's first shop, paired over HTTP. */
async function pairTill(
  server: RunningServer,
  merchant: { merchantId: string; locationId: string; programId: string },
) {
  const code = await createPairingCode(server.services, merchant);
  if (!code.ok) throw new Error(code.reason);
  const reply = await call(server, "POST", "/api/v1/devices/pair", {
    body: { code: code.code, name: "Till", mode: "staff" },
  });
  expect(reply.status).toBe(201);
  return new TestDevice(server, reply.json.deviceId, reply.json.token, merchant, KIOSK_PROTOCOL);
}

describe.each(DATABASES)("the dashboard's rollup rebuilt after an upgrade (%s)", (database) => {
  it("is rebuilt while the server serves: health and sync answer, the dashboard says how far, then shows the exact figures", async () => {
    const install = await upgradedInstall(database);
    const gate = new StepGate();
    const server = await startServerOn(install.dataDir, {
      ...install.options,
      beforeRollupStep: gate.beforeStep,
    });
    try {
      const { merchant } = install.busy;
      const { merchantId } = merchant;
      // Serving, with the rebuild claimed and held before its first step.
      await gate.held();
      expect((await call(server, "GET", "/healthz")).status).toBe(200);
      const till = await pairTill(server, {
        merchantId,
        locationId: merchant.locationId,
        programId: merchant.program.id,
      });
      const cards = [
        ...new Set(
          (await everyEvent(server.services.store, merchantId)).map((r) => r.event.cardId),
        ),
      ];
      const sync = async (i: number) => {
        const at = START + 140 * DAY + i * 3_600_000;
        const stamp = till.stamp(cards[i] as string, 2, "staff", at);
        const undo = till.event(
          "stamps.revoked",
          cards[i] as string,
          { targetId: stamp.id, reason: "Wrong card" },
          at + 1,
        );
        const kept = till.stamp(cards[i + 1] as string, 1, "staff", at + 2);
        const reply = await till.sync([stamp, undo, kept]);
        expect(reply.status).toBe(200);
        expect(reply.json.rejected ?? []).toEqual([]);
      };
      await sync(0);

      const owner = new AdminBrowser(server);
      expect((await owner.login(install.email, PASSWORD)).status).toBe(303);
      const notice = (percent: number) =>
        translator("en").t("insight.rebuilding", {
          percent: translator("en").percent(percent / 100),
        });
      const pending = await owner.get(RANGE);
      expect(pending.status).toBe(200);
      expect(pending.html).toContain('data-testid="insight-rebuilding"');
      expect(pending.html).toContain(notice(0));
      expect(pending.html).not.toContain('data-testid="insight.visits"');
      expect(pending.html).not.toContain('data-testid="dashboard.stamps"');
      // Another merchant's dashboard is its own, figures and all.
      const demoOwner = new AdminBrowser(server);
      await demoOwner.login(install.seed.adminEmail, install.seed.adminPassword);
      const demo = await demoOwner.get("/admin");
      expect(demo.html).not.toContain('data-testid="insight-rebuilding"');
      expect(demo.html).toContain('data-testid="insight.visits"');

      // One step taken, the next held: the notice says how far.
      gate.pass();
      await gate.held();
      const percent = await server.services.store.rollupRebuildPercent(merchantId);
      expect(percent).toBeGreaterThan(0);
      expect((await owner.get(RANGE)).html).toContain(notice(percent as number));
      await sync(2);

      gate.open();
      await server.rollups.settled();
      expect(await server.services.store.rollupRebuildPercent(merchantId)).toBeNull();
      const done = await owner.get(RANGE);
      expect(done.html).not.toContain('data-testid="insight-rebuilding"');
      const now = server.services.now();
      const fold = dashboardByFold(
        await everyEvent(server.services.store, merchantId),
        merchant.program,
        { ...QUERY, now },
      );
      expect(await server.services.store.dashboardFacts(merchantId, { ...QUERY, now })).toEqual(
        fold,
      );
      const visits = /data-testid="insight.visits"[\s\S]*?class="stat__value">([^<]*)</.exec(
        done.html,
      )?.[1];
      expect(visits).toBe(translator("en").number(dashboardTotals(fold).visits));
    } finally {
      gate.open();
      await server.close();
      await install.drop();
    }
  });
});

describe("the rollup rebuilt by several instances on PostgreSQL", () => {
  it("is taken over from an instance whose lease ran out, which then counts nothing", async () => {
    const install = await upgradedInstall("postgres");
    const stuck = new StepGate();
    const otherDir = mkdtempSync(join(tmpdir(), "stamp-rollup-"));
    const first = await startServerOn(install.dataDir, {
      ...install.options,
      beforeRollupStep: stuck.beforeStep,
    });
    try {
      // The first instance claimed the merchant and hangs before its first step.
      await stuck.held();
      const going = new StepGate();
      going.open();
      // The second one's clock is past the first one's lease: it takes the merchant over.
      const second = await startServerOn(otherDir, {
        ...install.options,
        now: () => Date.now() + 2 * ROLLUP_LEASE_MS,
        beforeRollupStep: going.beforeStep,
      });
      try {
        await second.rollups.settled();
        expect(going.calls).toBeGreaterThan(2);
        // The first one comes back: its step finds the claim gone and does nothing.
        stuck.open();
        await first.rollups.settled();
        expect(stuck.calls).toBe(1);
        const { merchant } = install.busy;
        const now = Date.now();
        expect(
          await first.services.store.dashboardFacts(merchant.merchantId, { ...QUERY, now }),
        ).toEqual(
          dashboardByFold(
            await everyEvent(first.services.store, merchant.merchantId),
            merchant.program,
            { ...QUERY, now },
          ),
        );
      } finally {
        await second.close();
      }
    } finally {
      stuck.open();
      await first.close();
      await install.drop();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
