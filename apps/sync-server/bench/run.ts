/**
 * Ingest benchmark (issue 3): 100k stamp events pushed as batches of 500 over HTTP on loopback to a
 * real server process, the bundle `npm start` runs (validated, stored, card state updated, a page
 * pulled back), next to the raw
 * better-sqlite3 rate for the same rows: prepared INSERT OR IGNORE into the same schema (same
 * indexes, same pragmas), 500 rows per transaction. Two shapes of traffic:
 * - one till at a time: four tills take turns, one request in flight, all stamping the same cards;
 * - four tills at once: each sends its next batch as soon as its last was answered, as tills
 *   coming back online together do; each stamps its own shop's customers, so no till's events
 *   arrive late for another's cards (late events are refolded: a different, rarer path).
 * Next to the rates, the CPU time one batch took on each side (the server process and PostgreSQL's
 * backends; the raw inserting process and PostgreSQL's): on a shared machine the rates swing with
 * the load, the CPU per batch much less. Both SQLite sides checkpoint every `CHECKPOINT_FRAMES`:
 * the raw side inside its commits, the server in its worker thread; both are counted, a process's
 * CPU time being all its threads'.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { percentile, printTable } from "../../../scripts/bench-table";
import { createApiKey } from "../src/api-keys/api-key";
import { enrollCard } from "../src/cards/enroll-card";
import { loadConfig } from "../src/config";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { openDatabase } from "../src/storage/sqlite/open-database";
import { startPostgresCluster } from "../test/postgres-cluster";
import { buildBundle, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import {
  clusterCpuMs,
  cpuMs,
  createDatabase,
  databaseSettings,
  peakRssMb,
  whole,
} from "./bench-support";
import { ingestBatches } from "./ingest-batches";
import { type RawRate, rawPostgresRate, rawSqliteRate } from "./ingest-raw";
import { type IngestTill, pairIngestTill, pushIngestBatch } from "./ingest-till";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const BATCH = 500;
const DEVICES = 4;
/** Cards each till stamps: all four share them one at a time, each has its own at once. */
const CARDS_PER_POOL = 1_000;
/** Only the runs whose name holds this (e.g. "SQLite", "PostgreSQL, four"): a quicker look at one. */
const ONLY = process.env.BENCH_INGEST_ONLY ?? "";
/** Issue 13: the server ingests at ≥ 40 % of the raw rate on both databases. */
const GOAL = 0.4;

interface Scenario {
  readonly name: string;
  /** Tills with a request in flight at the same time. */
  readonly concurrent: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  { name: "one till at a time", concurrent: false },
  { name: "four tills at once", concurrent: true },
];

async function setUp(dataDir: string, databaseUrl: string | null, cardCount: number) {
  const config = { ...loadConfig({}), dataDir, ...databaseSettings(databaseUrl).config };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  const merchant = await createMerchant(services, "Bench Cafe");
  const key = await createApiKey(services, merchant.merchantId, "bench");
  if (!key.ok) throw new Error(key.reason);
  const cards: string[] = [];
  for (let i = 0; i < cardCount; i++) {
    const answer = await enrollCard(services, {
      merchantId: merchant.merchantId,
      programId: merchant.programId,
      source: "api",
    });
    if (!("kind" in answer) || answer.kind !== "answer") throw new Error("enrolment failed");
    cards.push(JSON.parse(answer.response.body).cardId);
  }
  const codes: string[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const created = await createPairingCode(services, merchant);
    if (!created.ok) throw new Error(created.reason);
    codes.push(created.code);
  }
  await services.storage.close();
  return { merchant, key: key.key, cards, codes };
}

/** The stamps the cards' materialized states hold, added up. */
async function storedStamps(dataDir: string, databaseUrl: string | null): Promise<number> {
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ n: string }>(
      "SELECT sum((state::jsonb->>'lifetimeStamps')::int) AS n FROM cards",
    );
    await client.end();
    return Number(rows[0]?.n);
  }
  const db = openDatabase(join(dataDir, "stamp.db")).$client;
  const stamped = db
    .prepare<[], { n: number }>(
      "SELECT sum(json_extract(state, '$.lifetimeStamps')) AS n FROM cards",
    )
    .get()?.n;
  db.close();
  return stamped ?? 0;
}

/** `databaseCpuMs`: CPU time PostgreSQL's server and backends have used so far (0 for SQLite). */
async function benchServer(
  dataDir: string,
  databaseUrl: string | null,
  scenario: Scenario,
  databaseCpuMs: () => number,
) {
  const pools = scenario.concurrent ? DEVICES : 1;
  const setup = await setUp(dataDir, databaseUrl, pools * CARDS_PER_POOL);
  const { env } = databaseSettings(databaseUrl);
  const server = await spawnServer(dataDir, env, STAMPD_BUNDLE);
  try {
    const devices: IngestTill[] = [];
    for (const code of setup.codes) devices.push(await pairIngestTill(server, code));
    const pool = (device: number) =>
      scenario.concurrent
        ? setup.cards.slice(device * CARDS_PER_POOL, (device + 1) * CARDS_PER_POOL)
        : setup.cards;
    const batches = ingestBatches(devices, setup.merchant, pool, EVENTS / BATCH, BATCH);
    // Making the events blocks the loop for seconds on a busy machine, past the server's 5 s
    // keep-alive: let the client see the connection the server closed meanwhile (one turn of the
    // loop reads its FIN), or the first batch goes out on it and fails with "other side closed".
    await new Promise((resolve) => setImmediate(resolve));
    const latencies: number[] = [];
    const send = async (batch: (typeof batches)[number]) => {
      const device = devices[batch.device] as (typeof devices)[number];
      const t = performance.now();
      await pushIngestBatch(server, device, batch.events);
      latencies.push(performance.now() - t);
    };
    const serverCpuMs = () => cpuMs(server.child.pid as number) + databaseCpuMs();
    const cpu = serverCpuMs();
    const started = performance.now();
    if (scenario.concurrent)
      await Promise.all(
        devices.map(async (_, d) => {
          for (const batch of batches) if (batch.device === d) await send(batch);
        }),
      );
    else for (const batch of batches) await send(batch);
    const seconds = (performance.now() - started) / 1000;
    const cpuMsPerBatch = (serverCpuMs() - cpu) / batches.length;
    const rss = peakRssMb(server.child.pid as number);
    await server.stop();
    // Every stamp landed on its card: the materialized states add up to the events sent.
    const stamped = await storedStamps(dataDir, databaseUrl);
    if (stamped !== EVENTS) throw new Error(`the cards hold ${stamped} stamps, not ${EVENTS}`);
    return {
      eventsPerSecond: EVENTS / seconds,
      cpuMsPerBatch,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      rss,
      batches,
      merchant: setup.merchant,
      cards: setup.cards,
      devices,
    };
  } finally {
    await server.stop();
  }
}

const dataDir = mkdtempSync(join(tmpdir(), "stamp-bench-"));
const cluster = startPostgresCluster();
try {
  buildBundle();
  const results: {
    name: string;
    server: Awaited<ReturnType<typeof benchServer>>;
    raw: RawRate;
    ratio: number;
  }[] = [];
  for (const backend of ["SQLite", "PostgreSQL"] as const)
    for (const [i, scenario] of SCENARIOS.entries()) {
      const name = `${backend}, ${scenario.name}`;
      if (!name.includes(ONLY)) continue;
      process.stderr.write(`${name}: enrolling cards, then ${EVENTS} events…\n`);
      const url = backend === "PostgreSQL" ? await createDatabase(cluster, `ingest_${i}`) : null;
      const databaseCpuMs = () => (url ? clusterCpuMs(cluster.dataDir) : 0);
      const server = await benchServer(
        join(dataDir, `${backend}-${i}`),
        url,
        scenario,
        databaseCpuMs,
      );
      const raw = url
        ? await rawPostgresRate(await createDatabase(cluster, `raw_${i}`), server, databaseCpuMs)
        : rawSqliteRate(join(dataDir, `raw-${i}.db`), server);
      results.push({ name, server, raw, ratio: server.eventsPerSecond / raw.eventsPerSecond });
    }
  const column = (pick: (r: (typeof results)[number]) => string) =>
    Object.fromEntries(results.map((r) => [r.name, pick(r)]));
  const fmt = whole;
  printTable(
    `Ingest: ${fmt(EVENTS)} stamps.added events in batches of ${BATCH} from ${DEVICES} tills (each keeps its pull cursor); SQLite WAL, every commit durable before it counts (server: synchronous=NORMAL + an fdatasync of the WAL before each answer; raw: synchronous=FULL); PostgreSQL 15 on a Unix socket, fsync off in both`,
    [
      {
        measure: "server over HTTP (validate, store, card state, pull page), events/s",
        ...column((r) => fmt(r.server.eventsPerSecond)),
      },
      {
        measure:
          "raw inserts of the same rows, events/s (SQLite: prepared INSERT OR IGNORE, 500/tx; PostgreSQL: 500-row INSERT … ON CONFLICT DO NOTHING)",
        ...column((r) => fmt(r.raw.eventsPerSecond)),
      },
      {
        measure: "ratio server / raw (goal ≥ 40%, issue 13)",
        ...column((r) => `${(r.ratio * 100).toFixed(0)}% ${r.ratio >= GOAL ? "✅" : "❌"}`),
      },
      {
        measure:
          "CPU per 500-event batch, ms: server (stampd + PostgreSQL) / raw (inserting process + PostgreSQL)",
        ...column(
          (r) => `${r.server.cpuMsPerBatch.toFixed(1)} / ${r.raw.cpuMsPerBatch.toFixed(1)}`,
        ),
      },
      { measure: "one 500-event batch, p50 ms", ...column((r) => r.server.p50.toFixed(1)) },
      { measure: "one 500-event batch, p99 ms", ...column((r) => r.server.p99.toFixed(1)) },
      {
        measure: "server peak RSS (VmHWM), MB (goal ≤ 250)",
        ...column((r) => `${r.server.rss.toFixed(0)} ${r.server.rss <= 250 ? "✅" : "❌"}`),
      },
    ],
  );
} finally {
  cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
