/**
 * Dashboard benchmark (issue 14): a merchant with BENCH_DASHBOARD_EVENTS events (default 1M) over a
 * year at three locations, written through the store's own append path (so the rollup is kept as
 * in production; SQLite and PostgreSQL are seeded side by side), then the dashboard page rendered
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
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { AdminBrowser } from "../test/admin-browser";
import { startPostgresCluster } from "../test/postgres-cluster";
import { buildBundle, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import { createDatabase, databaseSettings, peakRssMb, whole } from "./bench-support";
import { measureLastDayCounters } from "./last-day-counters";
import { seedActivity } from "./seed-activity";

const EVENTS = Number(process.env.BENCH_DASHBOARD_EVENTS ?? 1_000_000);
const CARDS = Number(process.env.BENCH_DASHBOARD_CARDS ?? Math.max(10, Math.round(EVENTS / 20)));
const RENDERS = Number(process.env.BENCH_DASHBOARD_RENDERS ?? 40);
const DAYS = 365;
const DAY = 86_400_000;
const ADMIN = { email: "owner@bench.example", password: "bench-password-1" };

interface Seeded {
  readonly merchantId: string;
  readonly locationId: string;
  readonly appendsPerSecond: number;
  /** When the seeded activity ends: the "last 24 h" are the day before it. */
  readonly end: number;
}

async function seed(backend: string, dataDir: string, databaseUrl: string | null): Promise<Seeded> {
  const config = { ...loadConfig({}), dataDir, ...databaseSettings(databaseUrl).config };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
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
    let reported = 0;
    await seedActivity(store, {
      merchantId: merchant.merchantId,
      program,
      serverDeviceId: server.id,
      locationIds,
      events: EVENTS,
      cards: CARDS,
      end,
      days: DAYS,
      onProgress: (appended) => {
        if (appended - reported < 100_000) return;
        reported = appended;
        process.stderr.write(`  ${backend}: ${whole(appended)} events\n`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`  ${backend}: seeded in ${seconds.toFixed(0)} s\n`);
    return {
      merchantId: merchant.merchantId,
      locationId: merchant.locationId,
      appendsPerSecond: EVENTS / seconds,
      end,
    };
  } finally {
    await services.storage.close();
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
    `Appending ${whole(EVENTS)} events of ${whole(CARDS)} cards to SQLite and PostgreSQL…\n`,
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
    const { merchantId, locationId, appendsPerSecond, end } = seeded[i] as Seeded;
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
          "seed appends/s (incl. rollup)": whole(appendsPerSecond),
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
  const merchant = `one merchant with ${whole(EVENTS)} events of ${whole(CARDS)} customers over ${DAYS} days at 3 locations (rollup kept by the append path)`;
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
