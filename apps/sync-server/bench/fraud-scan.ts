/**
 * Fraud scan benchmark (issue 14): what one 5-minute round of the staff-fraud scan reads for a
 * merchant with BENCH_FRAUD_EVENTS events (default 100k) in the last two days, written through the
 * store's append path. "Starting over" is what every round read before the scan kept a mark (the
 * whole two days; still done once, and after the settings change); the incremental rounds read the
 * events since the last round, the counts kept for their windows, and (F6) the histories of cards
 * with a redemption or a late stamp (stamp-core SPEC F7). SQLite, and PostgreSQL with
 * BENCH_FRAUD_POSTGRES=1.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { msToIso, nodeIdForDevice, type StampEvent } from "@stamp/core";
import { v7 as uuidv7 } from "uuid";
import { printTable, type Row } from "../../../scripts/bench-table";
import { loadConfig } from "../src/config";
import { scanForFraud } from "../src/fraud/fraud-scan";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { DEFAULT_FRAUD_SETTINGS } from "../src/storage/fraud-rows";
import type { Store } from "../src/storage/store";
import { startPostgresCluster } from "../test/postgres-cluster";
import { createDatabase, databaseSettings, whole } from "./bench-support";
import { seedActivity } from "./seed-activity";

const EVENTS = Number(process.env.BENCH_FRAUD_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_FRAUD_ROUNDS ?? 5);
const POSTGRES = process.env.BENCH_FRAUD_POSTGRES === "1";
const DAYS = 2;
const ROUND_MS = 5 * 60_000;
/** A 5-minute round's share of the two days' events. */
const PER_ROUND = Math.max(1, Math.round(EVENTS / ((DAYS * 86_400_000) / ROUND_MS)));

/** The store, counting what a scan reads: events (log pages, card histories) and statements. */
function counting(store: Store) {
  const read = { events: 0, calls: 0 };
  const counted: Store = Object.create(store);
  for (const name of Object.keys(store) as (keyof Store)[]) {
    const method = store[name];
    if (typeof method !== "function") continue;
    (counted as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      read.calls += 1;
      const answer = await (method as (...a: unknown[]) => Promise<unknown>).apply(store, args);
      if ((name === "exportEvents" || name === "cardHistory") && Array.isArray(answer))
        read.events += answer.length;
      return answer;
    };
  }
  return { store: counted, read };
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] as number;

async function bench(backend: string, dataDir: string, databaseUrl: string | null): Promise<Row[]> {
  const config = { ...loadConfig({}), dataDir, ...databaseSettings(databaseUrl).config };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  try {
    const { store } = services;
    const merchant = await createMerchant(services, "Fraud Cafe");
    const { merchantId } = merchant;
    const program = (await store.getProgram(merchantId, merchant.programId))?.program;
    const server = await store.getServerDevice(merchantId);
    if (!program) throw new Error("no program");
    let now = Date.now();
    const started = performance.now();
    await seedActivity(store, {
      merchantId,
      program,
      serverDeviceId: server.id,
      locationIds: [merchant.locationId],
      events: EVENTS,
      cards: Math.max(10, Math.round(EVENTS / 20)),
      end: now,
      days: DAYS,
    });
    process.stderr.write(
      `  ${backend}: ${whole(EVENTS)} events seeded in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
    );
    const till = (await store.listDevices(merchantId)).find((d) => d.kind !== "server");
    const cards = await store.listCards(merchantId, null, 500);
    if (!till || cards.length === 0) throw new Error("nothing seeded");

    /** PER_ROUND stamps at the till, made `lateMs` before `now` (0: during the last round). */
    let n = 0;
    const append = async (lateMs: number) => {
      const events = Array.from({ length: PER_ROUND }, (_, i) => {
        const at = now - lateMs - ROUND_MS + Math.floor((i * ROUND_MS) / PER_ROUND);
        n += 1;
        return {
          id: uuidv7({ msecs: at }),
          v: 1,
          hlc: `${msToIso(at)}-0000-${nodeIdForDevice(till.id)}`,
          deviceId: till.id,
          merchantId,
          programId: program.id,
          cardId: cards[n % cards.length]?.id as string,
          type: "stamps.added",
          count: 1,
          channel: "staff",
        } as StampEvent;
      });
      await store.appendEvents({ merchantId, events, admit: () => null, now });
    };
    const round = async () => {
      const { store: counted, read } = counting(store);
      const t0 = performance.now();
      const raised = await scanForFraud(counted, merchantId, now);
      return { ms: performance.now() - t0, ...read, raised: raised.length };
    };
    const rows: Row[] = [];
    const measure = async (name: string, fresh: number, before: () => Promise<void>) => {
      const runs = [];
      for (let i = 0; i < ROUNDS; i++) {
        now += ROUND_MS;
        await before();
        runs.push(await round());
      }
      rows.push({
        database: backend,
        round: name,
        "new events": whole(fresh),
        "events read": whole(median(runs.map((r) => r.events))),
        "store calls": whole(median(runs.map((r) => r.calls))),
        "ms (median)": median(runs.map((r) => r.ms)).toFixed(1),
        "ms (max)": Math.max(...runs.map((r) => r.ms)).toFixed(1),
      });
    };
    // Saving the settings drops the mark: each of these rounds reads the whole two days.
    await measure("starting over (every round before)", PER_ROUND, async () => {
      await append(0);
      await store.setFraudSettings(merchantId, DEFAULT_FRAUD_SETTINGS, now);
    });
    await round();
    await measure("incremental, nothing new", 0, async () => {});
    await measure("incremental, 5 minutes' stamps", PER_ROUND, () => append(0));
    await measure("incremental, a till back after a day offline", PER_ROUND, () =>
      append(86_400_000),
    );
    return rows;
  } finally {
    await services.storage.close();
  }
}

const dataDir = mkdtempSync(join(tmpdir(), "stamp-bench-fraud-"));
const cluster = POSTGRES ? startPostgresCluster() : null;
try {
  const rows = await bench("SQLite", join(dataDir, "sqlite"), null);
  if (cluster)
    rows.push(
      ...(await bench("PostgreSQL", join(dataDir, "pg"), await createDatabase(cluster, "fraud"))),
    );
  printTable(
    `Staff-fraud scan, one round per merchant: ${whole(EVENTS)} events in ${DAYS} days, ${whole(PER_ROUND)} new a round (a 5-minute share), median of ${ROUNDS} rounds`,
    rows,
  );
} finally {
  cluster?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
