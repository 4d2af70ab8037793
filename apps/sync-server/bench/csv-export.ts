/**
 * CSV export benchmark (issue 14): a merchant with 1M events and 100k customers, exported over
 * HTTP from the real server process (the bundle `npm start` runs) on SQLite and PostgreSQL, as a
 * client downloads it: rows per second, megabytes per second, time to the first byte, and the
 * server's memory before and at its peak (the goal: bounded, whatever the size).
 */

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  canonicalJson,
  emptyCardState,
  msToIso,
  nodeIdForDevice,
  type StampEvent,
} from "@stamp/core";
import pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { printTable } from "../../../scripts/bench-table";
import { createApiKey } from "../src/api-keys/api-key";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { openDatabase } from "../src/storage/sqlite/open-database";
import { startPostgresCluster } from "../test/postgres-cluster";
import { buildBundle, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import { createDatabase, databaseSettings, peakRssMb, whole } from "./bench-support";

const EVENTS = Number(process.env.BENCH_EXPORT_EVENTS ?? 1_000_000);
const CARDS = Number(process.env.BENCH_EXPORT_CARDS ?? 100_000);
const ROWS_PER_INSERT = 1_000;

interface Seeded {
  readonly key: string;
}

type Insert = (table: string, columns: readonly string[], rows: unknown[][]) => Promise<void>;

/** A merchant made by the server's own code, then cards and events written straight into its tables. */
async function seed(dataDir: string, databaseUrl: string | null): Promise<Seeded> {
  const config = { ...loadConfig({}), dataDir, ...databaseSettings(databaseUrl).config };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  const merchant = await createMerchant(services, "Export Cafe");
  const key = await createApiKey(services, merchant.merchantId, "bench");
  if (!key.ok) throw new Error(key.reason);
  const program = (await services.store.getProgram(merchant.merchantId, merchant.programId))
    ?.program;
  if (!program) throw new Error("the merchant has no program");
  await services.storage.close();

  const started = Date.now() - EVENTS;
  const insertAll = async (insert: Insert, deviceId: string) => {
    const cards: string[] = [];
    const rows: unknown[][] = [];
    for (let i = 0; i < CARDS; i++) {
      const id = uuidv7({ msecs: started });
      cards.push(id);
      const profile = {
        name: `Customer ${i}`,
        email: `customer${i}@example.org`,
        phone: `+49 30 ${i}`,
      };
      const state = emptyCardState(program, id);
      rows.push([
        id,
        merchant.merchantId,
        merchant.programId,
        `code-${id}`,
        JSON.stringify(profile),
        started,
        JSON.stringify(state),
        0,
        0,
        0,
        started,
      ]);
      if (rows.length === ROWS_PER_INSERT) await insert("cards", CARD_COLUMNS, rows.splice(0));
    }
    await insert("cards", CARD_COLUMNS, rows.splice(0));
    const node = nodeIdForDevice(deviceId);
    for (let seq = 1; seq <= EVENTS; seq++) {
      const at = started + seq;
      const hlc = `${msToIso(at)}-0000-${node}`;
      const event: StampEvent = {
        id: uuidv7({ msecs: at }),
        v: 1,
        type: "stamps.added",
        hlc,
        deviceId,
        merchantId: merchant.merchantId,
        programId: merchant.programId,
        cardId: cards[seq % CARDS] as string,
        count: 1,
        channel: "staff",
      };
      rows.push([
        seq,
        event.id,
        merchant.merchantId,
        event.cardId,
        deviceId,
        hlc,
        event.type,
        canonicalJson(event),
        at,
        at,
      ]);
      if (rows.length === ROWS_PER_INSERT) await insert("events", EVENT_COLUMNS, rows.splice(0));
    }
    await insert("events", EVENT_COLUMNS, rows.splice(0));
  };
  const head = "UPDATE merchant_logs SET head = $1 WHERE merchant_id = $2";
  const serverDevice = "SELECT id FROM devices WHERE merchant_id = $1 AND kind = 'server'";

  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const device = (await client.query<{ id: string }>(serverDevice, [merchant.merchantId]))
        .rows[0]?.id as string;
      await insertAll(async (table, columns, rows) => {
        if (rows.length === 0) return;
        const values = rows.map(
          (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`)})`,
        );
        await client.query(`INSERT INTO ${table} (${columns}) VALUES ${values}`, rows.flat());
      }, device);
      await client.query(head, [EVENTS, merchant.merchantId]);
      await client.query("ANALYZE");
    } finally {
      await client.end();
    }
  } else {
    const db = openDatabase(join(dataDir, "stamp.db")).$client;
    const sqlite = (text: string) => db.prepare(text.replace(/\$\d+/g, "?"));
    const device = (sqlite(serverDevice).get(merchant.merchantId) as { id: string }).id;
    const statements = new Map<string, ReturnType<typeof db.prepare>>();
    await insertAll(async (table, columns, rows) => {
      const statement =
        statements.get(table) ??
        db.prepare(`INSERT INTO ${table} (${columns}) VALUES (${columns.map(() => "?")})`);
      statements.set(table, statement);
      db.transaction(() => {
        for (const row of rows) statement.run(...row);
      })();
    }, device);
    sqlite(head).run(EVENTS, merchant.merchantId);
    db.close();
  }
  return { key: key.key };
}

const CARD_COLUMNS = [
  "id",
  "merchant_id",
  "program_id",
  "code",
  "profile",
  "created_at",
  "state",
  "stamps",
  "cycles",
  "conflicts",
  "updated_at",
];
const EVENT_COLUMNS = [
  "seq",
  "id",
  "merchant_id",
  "card_id",
  "device_id",
  "hlc",
  "type",
  "body",
  "received_at",
  "placed_at",
];

/** The server's resident memory now (VmRSS), in MB. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** Downloads an export as a client reads it: rows and bytes counted as they stream in. */
async function download(url: string, key: string) {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  if (response.status !== 200 || !response.body)
    throw new Error(`export answered ${response.status}`);
  let firstByte = 0;
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body) {
    if (bytes === 0) firstByte = performance.now() - started;
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  return { seconds: (performance.now() - started) / 1000, firstByte, bytes, rows: lines - 1 };
}

const dataDir = mkdtempSync(join(tmpdir(), "stamp-bench-export-"));
const cluster = startPostgresCluster();
try {
  buildBundle();
  const results: Record<string, string>[] = [];
  for (const backend of ["SQLite", "PostgreSQL"] as const) {
    process.stderr.write(
      `${backend}: writing ${whole(CARDS)} cards and ${whole(EVENTS)} events…\n`,
    );
    const url = backend === "PostgreSQL" ? await createDatabase(cluster, "export") : null;
    const dir = join(dataDir, backend);
    const { key } = await seed(dir, url);
    const server = await spawnServer(
      dir,
      { ...databaseSettings(url).env, BACKUP_DAYS: "0" },
      STAMPD_BUNDLE,
    );
    try {
      const pid = server.child.pid as number;
      const before = rssMb(pid);
      for (const [what, path, expected] of [
        ["events", "/api/v1/exports/events.csv", EVENTS],
        ["customers", "/api/v1/exports/customers.csv", CARDS],
      ] as const) {
        const run = await download(`${server.url}${path}`, key);
        if (run.rows !== expected) throw new Error(`${what}: ${run.rows} rows, not ${expected}`);
        results.push({
          export: `${backend}, ${what}.csv`,
          rows: whole(run.rows),
          MB: (run.bytes / 1e6).toFixed(0),
          "rows/s": whole(run.rows / run.seconds),
          "MB/s": (run.bytes / 1e6 / run.seconds).toFixed(1),
          "first byte, ms": run.firstByte.toFixed(0),
          seconds: run.seconds.toFixed(1),
          "server RSS before, MB": before.toFixed(0),
          "server peak RSS (VmHWM), MB": peakRssMb(pid).toFixed(0),
        });
      }
    } finally {
      await server.stop();
    }
  }
  printTable(
    `CSV export over HTTP: ${whole(EVENTS)} events and ${whole(CARDS)} customers of one merchant, streamed page by page (1,000 rows) from the server process`,
    results,
  );
} finally {
  cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
