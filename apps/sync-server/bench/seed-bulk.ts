import { join } from "node:path";
import { canonicalJson, foldCard, hlcMillis, type StampEvent } from "@stamp/core";
import pg from "pg";
import { planCardNumbers } from "../src/storage/card-numbers";
import { encodeCardState } from "../src/storage/card-state-json";
import { openDatabase } from "../src/storage/sqlite/open-database";
import type { Store } from "../src/storage/store";
import { type ActivityPlan, activityCard, activityEvents, pairTills } from "./seed-activity";

/** Rows per statement (PostgreSQL: 11 event columns × 5,000 stays under 65,535 parameters). */
const CHUNK = 5_000;

/** Where the bulk seeder writes: rows into a table, and plain statements ($1… parameters). */
export interface BulkTarget {
  insert(table: string, columns: readonly string[], rows: unknown[][]): Promise<void>;
  run(text: string, values: unknown[]): Promise<void>;
  close(): Promise<void>;
}

/** The events' columns a bulk seed writes, in this order. */
export const EVENT_COLUMNS = [
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
  "staff_id",
];
const CARD_COLUMNS = [
  "id",
  "merchant_id",
  "program_id",
  "code",
  "number",
  "profile",
  "created_at",
  "state",
  "stamps",
  "cycles",
  "last_hlc",
  "conflicts",
  "updated_at",
];
const VOUCHER_COLUMNS = ["card_id", "cycle", "body", "code"];

/**
 * Rows gathered per table and written `CHUNK` at a time; when one table's are due every table's
 * are written, in the order first added, so a row's parents (cards before their vouchers) are in.
 */
class Writer {
  readonly #target: BulkTarget;
  readonly #rows = new Map<string, { columns: readonly string[]; rows: unknown[][] }>();

  constructor(target: BulkTarget) {
    this.#target = target;
  }

  async add(table: string, columns: readonly string[], row: unknown[]): Promise<void> {
    const pending = this.#rows.get(table) ?? { columns, rows: [] };
    this.#rows.set(table, pending);
    pending.rows.push(row);
    if (pending.rows.length === CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    for (const [table, { columns, rows }] of this.#rows)
      if (rows.length > 0) await this.#target.insert(table, columns, rows.splice(0));
  }
}

/** The database a bench's server uses: SQLite's file in `dataDir`, or PostgreSQL at `url`. */
export async function bulkTarget(dataDir: string, url: string | null): Promise<BulkTarget> {
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("BEGIN");
    return {
      async insert(table, columns, rows) {
        // A multi-row INSERT needs one row at least; a batch can end on a full chunk.
        if (rows.length === 0) return;
        const values = rows.map(
          (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`)})`,
        );
        await client.query(`INSERT INTO ${table} (${columns}) VALUES ${values}`, rows.flat());
      },
      run: async (text, values) => void (await client.query(text, values)),
      async close() {
        await client.query("COMMIT");
        await client.query("ANALYZE");
        await client.end();
      },
    };
  }
  const db = openDatabase(join(dataDir, "stamp.db")).$client;
  db.exec("BEGIN");
  const statements = new Map<string, ReturnType<typeof db.prepare>>();
  return {
    async insert(table, columns, rows) {
      const key = `${table}(${columns})`;
      const statement =
        statements.get(key) ??
        db.prepare(`INSERT INTO ${table} (${columns}) VALUES (${columns.map(() => "?")})`);
      statements.set(key, statement);
      for (const row of rows) statement.run(...row);
    },
    run: async (text, values) => void db.prepare(text.replace(/\$\d+/g, "?")).run(...values),
    async close() {
      db.exec("COMMIT");
      db.exec("ANALYZE");
      db.close();
    },
  };
}

/**
 * The same activity as `seedActivity`, written straight into the tables in one transaction: the
 * events in log order, each card as stamp-core folds its events (the state the append path keeps,
 * SPEC C1) with its voucher rows, the merchant's log head; then the merchant is marked in
 * `insight_pending`, so the server's own rollup rebuild counts the dashboard's figures when the
 * storage next opens. Left out, as the dashboard and exports read none of them: card snapshots,
 * wallet passes, sync scope rows, webhook deliveries. The tills are paired through `store`, which
 * must be closed before `target` writes (SQLite: one writer).
 */
export async function seedBulk(
  store: Store,
  plan: ActivityPlan,
  openTarget: () => Promise<BulkTarget>,
  closeStore: () => Promise<void>,
): Promise<void> {
  const tills = await pairTills(store, plan);
  await closeStore();
  const events = [...activityEvents(plan, tills)];
  const byCard = new Map<string, StampEvent[]>();
  for (const event of events) {
    const list = byCard.get(event.cardId);
    if (list) list.push(event);
    else byCard.set(event.cardId, [event]);
  }
  // Each card's number as enrolment gives it: its first attempt no older card holds (SPEC N3).
  const numbers = new Map(
    planCardNumbers(
      [...byCard.keys()].map((id) => ({ id, merchantId: plan.merchantId })),
      [],
    ).map((card) => [card.id, card.number]),
  );
  const target = await openTarget();
  const written = new Writer(target);
  // Cards first: events name them.
  for (const [id, history] of byCard) {
    const enrolled = history[0] as StampEvent;
    const made = hlcMillis(enrolled.hlc);
    const card = activityCard(plan, enrolled, made);
    const state = foldCard(plan.program, id, history);
    await written.add("cards", CARD_COLUMNS, [
      id,
      card.merchantId,
      card.programId,
      card.code,
      numbers.get(id),
      null,
      made,
      encodeCardState(state),
      state.stamps,
      state.cycles,
      state.lastHlc,
      state.conflicts.length,
      hlcMillis(state.lastHlc ?? enrolled.hlc),
    ]);
    for (const voucher of state.vouchers)
      await written.add("card_vouchers", VOUCHER_COLUMNS, [
        id,
        voucher.cycle,
        JSON.stringify(voucher),
        voucher.code ?? null,
      ]);
  }
  await written.flush();
  let lastHlc = "";
  for (const [i, event] of events.entries()) {
    const ms = hlcMillis(event.hlc);
    if (event.hlc > lastHlc) lastHlc = event.hlc;
    const body = canonicalJson(event);
    await written.add("events", EVENT_COLUMNS, [
      i + 1,
      event.id,
      plan.merchantId,
      event.cardId,
      event.deviceId,
      event.hlc,
      event.type,
      body,
      ms,
      ms,
      null,
    ]);
    if ((i + 1) % 100_000 === 0) plan.onProgress?.(i + 1);
  }
  await written.flush();
  const seq = events.length;
  await target.run("UPDATE merchant_logs SET head = $1, last_hlc = $2 WHERE merchant_id = $3", [
    seq,
    lastHlc,
    plan.merchantId,
  ]);
  await target.run("INSERT INTO insight_pending (merchant_id) VALUES ($1)", [plan.merchantId]);
  await target.close();
}
