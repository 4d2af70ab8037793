import type { StampEvent } from "@stamp/core";
import pg from "pg";
import { storedText } from "../src/storage/append/plan-append";
import { openPgStorage } from "../src/storage/pg/pg-storage";
import { openDatabase } from "../src/storage/sqlite/open-database";

/** What the server ingested, for the raw rate of the same rows into the same schema. */
export interface IngestRun {
  readonly merchant: { readonly merchantId: string; readonly programId: string };
  readonly devices: readonly { readonly deviceId: string }[];
  readonly cards: readonly string[];
  readonly batches: readonly { readonly events: readonly StampEvent[] }[];
}

/** The parent rows the foreign keys point at, as the server has them ($n parameters, each used once). */
const PARENTS = {
  merchant: "INSERT INTO merchants (id, name, created_at) VALUES ($1, 'Bench Cafe', $2)",
  program:
    "INSERT INTO programs (id, merchant_id, slug, version, body, created_at, updated_at) VALUES ($1, $2, 'bench', 1, '{}', $3, $4)",
  device:
    "INSERT INTO devices (id, merchant_id, location_id, kind, name, created_at) VALUES ($1, $2, NULL, 'client', 'Bench till', $3)",
  card: "INSERT INTO cards (id, merchant_id, program_id, code, created_at, state, stamps, cycles, conflicts, updated_at) VALUES ($1, $2, $3, '', $4, '{}', 0, 0, 0, $5)",
} as const;

/** Every column the server fills: a row without its `seq` (NOT NULL) is one INSERT OR IGNORE skips. */
const EVENT_COLUMNS =
  "seq, id, merchant_id, card_id, device_id, hlc, type, body, received_at, placed_at";

/** The batches' rows, positions 1, 2, … handed out by the writer as the server's log row does. */
function eventRows(run: IngestRun, now: number): unknown[][][] {
  let seq = 0;
  return run.batches.map((b) => b.events.map((event) => [++seq, ...eventRow(event, now)]));
}

function eventRow(event: StampEvent, now: number) {
  return [
    event.id,
    event.merchantId,
    event.cardId,
    event.deviceId,
    event.hlc,
    event.type,
    storedText(event),
    now,
    now,
  ];
}

const seconds = (started: number) => (performance.now() - started) / 1000;

/** The raw rate, and the CPU time one batch took (the inserting process, and PostgreSQL's backends). */
export interface RawRate {
  readonly eventsPerSecond: number;
  readonly cpuMsPerBatch: number;
}

/** CPU time this process has used so far (user + system), in ms. */
export const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** The raw side really stored every row (a rate of rows skipped measures nothing). */
function checkStored(stored: number, rows: number): void {
  if (stored !== rows) throw new Error(`raw inserts stored ${stored} of ${rows} rows`);
}

/** better-sqlite3: a prepared INSERT OR IGNORE per row, one transaction per batch. */
export function rawSqliteRate(file: string, run: IngestRun): RawRate {
  const db = openDatabase(file).$client;
  const now = Date.now();
  const sqlite = (text: string) => db.prepare(text.replace(/\$\d+/g, "?"));
  const { merchantId, programId } = run.merchant;
  sqlite(PARENTS.merchant).run(merchantId, now);
  sqlite(PARENTS.program).run(programId, merchantId, now, now);
  const device = sqlite(PARENTS.device);
  for (const d of run.devices) device.run(d.deviceId, merchantId, now);
  const card = sqlite(PARENTS.card);
  for (const c of run.cards) card.run(c, merchantId, programId, now, now);
  const insert = db.prepare(
    `INSERT OR IGNORE INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const rows = eventRows(run, now);
  const write = db.transaction((batch: unknown[][]) => {
    for (const row of batch) insert.run(...row);
  });
  const cpu = ownCpuMs();
  const started = performance.now();
  for (const batch of rows) write(batch);
  const taken = seconds(started);
  const cpuMsPerBatch = (ownCpuMs() - cpu) / rows.length;
  const stored = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM events").get()?.n ?? 0;
  db.close();
  checkStored(stored, rows.flat().length);
  return { eventsPerSecond: stored / taken, cpuMsPerBatch };
}

/**
 * PostgreSQL: one multi-row INSERT … ON CONFLICT DO NOTHING per batch (its own transaction),
 * positions handed out by the writer, into a database migrated like the server's.
 */
export async function rawPostgresRate(
  url: string,
  run: IngestRun,
  databaseCpuMs: () => number,
): Promise<RawRate> {
  await (await openPgStorage(url, { poolSize: 1 })).close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const now = Date.now();
    const { merchantId, programId } = run.merchant;
    await client.query(PARENTS.merchant, [merchantId, now]);
    await client.query(PARENTS.program, [programId, merchantId, now, now]);
    for (const d of run.devices) await client.query(PARENTS.device, [d.deviceId, merchantId, now]);
    for (const c of run.cards)
      await client.query(PARENTS.card, [c, merchantId, programId, now, now]);
    const batches = eventRows(run, now);
    const width = 10;
    const cpu = ownCpuMs() + databaseCpuMs();
    const started = performance.now();
    for (const rows of batches) {
      const values = rows
        .map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`)})`)
        .join(", ");
      await client.query(
        `INSERT INTO events (${EVENT_COLUMNS}) VALUES ${values} ON CONFLICT DO NOTHING`,
        rows.flat(),
      );
    }
    const taken = seconds(started);
    const cpuMsPerBatch = (ownCpuMs() + databaseCpuMs() - cpu) / batches.length;
    const [row] = (await client.query<{ n: string }>("SELECT count(*) AS n FROM events")).rows;
    checkStored(Number(row?.n), batches.flat().length);
    return { eventsPerSecond: Number(row?.n) / taken, cpuMsPerBatch };
  } finally {
    await client.end();
  }
}
