/**
 * Dashboard benchmark (issue 14): a merchant with BENCH_DASHBOARD_EVENTS events (default 1M) over a
 * year at three locations, written through the store's own append path (so the rollup is kept as
 * in production), then the dashboard page rendered over HTTP by the real server process (the
 * bundle `npm start` runs) on SQLite and PostgreSQL, for the default 30 days, a whole year, and a
 * year at one location. Goal: p95 ≤ 300 ms per render.
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
import { seedActivity } from "./seed-activity";

const EVENTS = Number(process.env.BENCH_DASHBOARD_EVENTS ?? 1_000_000);
const CARDS = Number(process.env.BENCH_DASHBOARD_CARDS ?? Math.max(10, Math.round(EVENTS / 20)));
const RENDERS = Number(process.env.BENCH_DASHBOARD_RENDERS ?? 40);
const DAYS = 365;
const DAY = 86_400_000;
const ADMIN = { email: "owner@bench.example", password: "bench-password-1" };

interface Seeded {
  readonly locationId: string;
  readonly appendsPerSecond: number;
}

async function seed(dataDir: string, databaseUrl: string | null): Promise<Seeded> {
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
    let reported = 0;
    await seedActivity(store, {
      merchantId: merchant.merchantId,
      program,
      serverDeviceId: server.id,
      locationIds,
      events: EVENTS,
      cards: CARDS,
      end: Date.now(),
      days: DAYS,
      onProgress: (appended) => {
        if (appended - reported < 100_000) return;
        reported = appended;
        process.stderr.write(`  ${whole(appended)} events\n`);
      },
    });
    return {
      locationId: merchant.locationId,
      appendsPerSecond: EVENTS / ((performance.now() - started) / 1000),
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
  const results: Record<string, string>[] = [];
  for (const backend of ["SQLite", "PostgreSQL"] as const) {
    process.stderr.write(
      `${backend}: appending ${whole(EVENTS)} events of ${whole(CARDS)} cards…\n`,
    );
    const url = backend === "PostgreSQL" ? await createDatabase(cluster, "dashboard") : null;
    const dir = join(dataDir, backend);
    const seeding = performance.now();
    const seeded = await seed(dir, url);
    process.stderr.write(`  seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s\n`);
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
      for (const [range, path] of [
        ["last 30 days (default), all locations", "/admin"],
        ["last 365 days, all locations", `/admin?${year}`],
        ["last 365 days, one location", `/admin?${year}&location=${seeded.locationId}`],
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
        results.push({
          database: backend,
          dashboard: range,
          renders: whole(times.length),
          "p50, ms": percentile(times, 50).toFixed(0),
          "p95, ms": percentile(times, 95).toFixed(0),
          "max, ms": (times.at(-1) ?? 0).toFixed(0),
          "goal p95 ≤ 300 ms": percentile(times, 95) <= 300 ? "met" : "NOT met",
          "seed appends/s (incl. rollup)": whole(seeded.appendsPerSecond),
          "server peak RSS, MB": peakRssMb(server.child.pid as number).toFixed(0),
        });
      }
    } finally {
      await server.stop();
    }
  }
  printTable(
    `Dashboard render over HTTP: one merchant with ${whole(EVENTS)} events of ${whole(CARDS)} customers over ${DAYS} days at 3 locations (rollup kept by the append path), ${RENDERS} renders after 3 warm-ups, one signed-in admin`,
    results,
  );
} finally {
  cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
