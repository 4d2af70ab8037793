/**
 * Dashboard benchmark (issue 14): a merchant with BENCH_DASHBOARD_EVENTS events (default 1M) over a
 * year at three locations, written straight into the tables (bench/seed-bulk.ts: cards folded by
 * stamp-core, the rollup then rebuilt by the server's own code at start) or, with
 * BENCH_DASHBOARD_SEED=append, through the store's append path (the rollup kept batch by batch;
 * ~15 min for 1M on PostgreSQL); SQLite and PostgreSQL side by side. Then the dashboard page rendered
 * over HTTP by the real server process (the bundle `npm start` runs) on each database, for each
 * filter (a table: time per render; goal p95 ≤ 300 ms), and the page's "last 24 h" tiles read
 * three ways (bench/last-day-counters.ts: events without an index, with one, the rollup).
 */

import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printTable } from "../../../scripts/bench-table";
import { createAdmin } from "../src/admin/create-admin";
import { loadConfig } from "../src/config";
import { rebuildPendingRollups } from "../src/insight/rollup-rebuild";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { AdminBrowser } from "../test/admin-browser";
import { startPostgresCluster } from "../test/postgres-cluster";
import { buildBundle, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import { createDatabase, databaseSettings, peakRssMb, whole } from "./bench-support";
import { measureLastDayCounters } from "./last-day-counters";
import { type ActivityPlan, seedActivity } from "./seed-activity";
import { bulkTarget, seedBulk } from "./seed-bulk";

const EVENTS = Number(process.env.BENCH_DASHBOARD_EVENTS ?? 1_000_000);
const CARDS = Number(process.env.BENCH_DASHBOARD_CARDS ?? Math.max(10, Math.round(EVENTS / 20)));
const RENDERS = Number(process.env.BENCH_DASHBOARD_RENDERS ?? 40);
const SEED = process.env.BENCH_DASHBOARD_SEED ?? "bulk";
const DAYS = 365;
const DAY = 86_400_000;
const ADMIN = { email: "owner@bench.example", password: "bench-password-1" };

interface Seeded {
  readonly merchantId: string;
  readonly locationId: string;
  /** Seconds to write the events, and (bulk) to rebuild the rollup from them at start. */
  readonly seedSeconds: number;
  readonly rebuildSeconds: number | null;
  /** When the seeded activity ends: the "last 24 h" are the day before it. */
  readonly end: number;
}

async function seed(backend: string, dataDir: string, databaseUrl: string | null): Promise<Seeded> {
  const config = { ...loadConfig({}), dataDir, ...databaseSettings(databaseUrl).config };
  const open = () => openServices(config, createLogger("warn"), "http://localhost");
  const services = await open();
  let closed = false;
  const close = async () => {
    if (!closed) await services.storage.close();
    closed = true;
  };
  try {
    const merchant = await createMerchant(services, "Dashboard Cafe");
    const admin = await createAdmin(services, { ...ADMIN, merchantId: merchant.merchantId });
    if (!admin.ok) throw new Error(admin.reason);
    const { store } = services;
    const locationIds = [merchant.locationId];
    for (const name of ["Station kiosk", "Market stall"]) {
      const id = randomUUID();
      const main = await store.getLocation(merchant.merchantId, merchant.locationId);
      if (!main) throw new Error("no main location");
      await store.createLocation({ ...main, id, name, createdAt: Date.now() });
      locationIds.push(id);
    }
    const program = (await store.getProgram(merchant.merchantId, merchant.programId))?.program;
    const server = await store.getServerDevice(merchant.merchantId);
    if (!program) throw new Error("no program");
    const started = performance.now();
    const end = Date.now();
    const plan: ActivityPlan = {
      merchantId: merchant.merchantId,
      program,
      serverDeviceId: server.id,
      locationIds,
      events: EVENTS,
      cards: CARDS,
      end,
      days: DAYS,
      onProgress: (written) => {
        if (written % 100_000 < 1_000)
          process.stderr.write(`  ${backend}: ${whole(written)} events\n`);
      },
    };
    let rebuildSeconds: number | null = null;
    if (SEED === "append") await seedActivity(store, plan);
    else {
      await seedBulk(store, plan, () => bulkTarget(dataDir, databaseUrl), close);
      const rebuilding = performance.now();
      // The server's own rebuild of the merchants in insight_pending (it runs after it listens).
      const reopened = await open();
      await rebuildPendingRollups({
        store: reopened.store,
        now: Date.now,
        logger: createLogger("warn"),
      });
      await reopened.storage.close();
      rebuildSeconds = (performance.now() - rebuilding) / 1000;
    }
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`  ${backend}: seeded (${SEED}) in ${seconds.toFixed(0)} s\n`);
    return {
      merchantId: merchant.merchantId,
      locationId: merchant.locationId,
      seedSeconds: seconds - (rebuildSeconds ?? 0),
      rebuildSeconds,
      end,
    };
  } finally {
    await close();
  }
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

const dataDir = mkdtempSync(join(tmpdir(), "stamp-bench-dashboard-"));
const cluster = startPostgresCluster();
try {
  buildBundle();
  const renders: Record<string, string>[] = [];
  const counters: Record<string, string>[] = [];
  process.stderr.write(
    `Seeding (${SEED}) ${whole(EVENTS)} events of ${whole(CARDS)} cards to SQLite and PostgreSQL…\n`,
  );
  const url = await createDatabase(cluster, "dashboard");
  const backends = [
    { backend: "SQLite", url: null },
    { backend: "PostgreSQL", url },
  ] as const;
  const seeded = await Promise.all(
    backends.map(({ backend, url }) => seed(backend, join(dataDir, backend), url)),
  );
  for (const [i, { backend, url }] of backends.entries()) {
    const dir = join(dataDir, backend);
    const { merchantId, locationId, seedSeconds, rebuildSeconds, end } = seeded[i] as Seeded;
    const server = await spawnServer(
      dir,
      { ...databaseSettings(url).env, BACKUP_DAYS: "0" },
      STAMPD_BUNDLE,
    );
    try {
      const browser = new AdminBrowser(server);
      const login = await browser.login(ADMIN.email, ADMIN.password);
      if (login.status !== 303) throw new Error(`login answered ${login.status}`);
      const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      const today = Date.now();
      const year = `from=${iso(today - (DAYS - 1) * DAY)}&to=${iso(today)}`;
      for (const [filter, path] of [
        ["last 30 days (default), all locations", "/admin"],
        ["last 30 days, one location", `/admin?location=${locationId}`],
        ["last 30 days, online and API (no till)", "/admin?location=none"],
        ["last 365 days, all locations", `/admin?${year}`],
        ["last 365 days, one location", `/admin?${year}&location=${locationId}`],
      ] as const) {
        const times: number[] = [];
        for (let i = 0; i < RENDERS + 3; i++) {
          const started = performance.now();
          const page = await browser.get(path);
          if (page.status !== 200 || !page.html.includes('data-testid="chart-visits"'))
            throw new Error(`${path} answered ${page.status}`);
          if (i >= 3) times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        renders.push({
          database: backend,
          filter,
          renders: whole(times.length),
          "p50, ms": percentile(times, 50).toFixed(0),
          "p95, ms": percentile(times, 95).toFixed(0),
          "max, ms": (times.at(-1) ?? 0).toFixed(0),
          "goal p95 ≤ 300 ms": percentile(times, 95) <= 300 ? "met" : "NOT met",
          [`seeded (${SEED}), s`]: seedSeconds.toFixed(0),
          "rollup rebuilt after start, s":
            rebuildSeconds === null ? "— (kept by appends)" : rebuildSeconds.toFixed(0),
          "server peak RSS, MB": peakRssMb(server.child.pid as number).toFixed(0),
        });
      }
    } finally {
      await server.stop();
    }
    counters.push(
      ...(await measureLastDayCounters({
        ...(url ? { databaseUrl: url } : { sqliteFile: join(dir, "stamp.db") }),
        merchantId,
        now: end,
        reads: RENDERS,
      })),
    );
  }
  const merchant = `one merchant with ${whole(EVENTS)} events of ${whole(CARDS)} customers over ${DAYS} days at 3 locations (${SEED === "append" ? "rollup kept by the append path" : "written in bulk, rollup rebuilt from the log by the server after it starts"})`;
  printTable(
    `Dashboard render over HTTP per filter: ${merchant}, ${RENDERS} renders after 3 warm-ups, one signed-in admin`,
    renders,
  );
  printTable(
    `Dashboard "last 24 h" tiles (stamps + card activity), one read of both: ${merchant}`,
    counters,
  );
} finally {
  cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
