import { and, eq, gt } from "drizzle-orm";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { MerchantLog } from "../append/merchant-log";
import { answerToKeep, IDEMPOTENCY_TTL_MS, Rollback, replay, type Work } from "../idempotency";
import type { Answer, IdempotencyKey } from "../store";
import { pooledReads } from "./pooled-reads";
import { preparedRows } from "./prepared-query";
import * as t from "./schema";

export type PgDb = NodePgDatabase<typeof t>;

/** One transaction: its connection, for prepared statements, and drizzle on that connection. */
export interface PgTx {
  readonly client: pg.PoolClient;
  readonly db: PgDb;
  /** A prepared statement (parsed once per connection, by name) with positional parameters. */
  query<R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<R[]>;
  /**
   * The transaction's last statement, sent together with its COMMIT (pipelined: one round trip),
   * so locks it takes are held only while it runs and commits. Nothing may follow it; when it
   * fails, the COMMIT becomes a rollback and its error is thrown.
   */
  finish<R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<R[]>;
  /** Runs `callback` once the transaction has committed (never when it rolls back). */
  afterCommit(callback: () => void): void;
}

/** What the PostgreSQL resource modules share: the pool and its transactions. */
export interface PgContext {
  readonly pool: pg.Pool;
  /** Drizzle on the pool, for single statements outside a transaction. */
  readonly db: PgDb;
  transaction<T>(work: (tx: PgTx) => Promise<T>): Promise<T>;
  /** A prepared statement on any pooled connection, outside a transaction. */
  query<R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<R[]>;
  /**
   * A prepared read outside a transaction. Reads that ask while others wait for a connection go
   * with them: the first to ask takes a connection from the pool, and every read that asks until
   * it has one is sent on it too, pipelined (`READ_BATCH` at most; then the next asker starts
   * another): one pool wait and one socket write (corked) for all of them, not one each. Each runs on its
   * own (its own snapshot, its own failure), one after another in that connection's backend.
   * An identical read (same statement, same values) among them is sent once and they all get its
   * rows (shared: never changed by a caller). A read already sent is never joined, since its
   * snapshot may be older than a later caller's own writes or the cursor it was given; one still
   * waiting is taken after every caller asked, as each caller's own read would be. Under load,
   * when reads queue for the pool, a round's place, a woken page's joins and positions and the
   * views' tails no longer each wait their turn for a connection of their own.
   */
  read<R extends pg.QueryResultRow>(
    name: string,
    text: string,
    values: unknown[],
  ): Promise<readonly R[]>;
  /**
   * A prepared read for many callers at once (`read`'s batching): callers that ask with the same
   * statement and `values` while it waits for a connection add their `item` to ONE list, sent as
   * the statement's next parameter (a text array, each item once); each gets the rows whose `item`
   * column is its own. While one is under way (sent), callers wait for its answer and then go
   * together in the next. The tills of a location a stamp woke ask again together, each for its
   * own device: one statement for all of them, not one each (`syncPlace`).
   */
  gather<R extends pg.QueryResultRow & { readonly item: string }>(
    name: string,
    text: string,
    values: unknown[],
    item: string,
  ): Promise<readonly R[]>;
  /**
   * Takes the merchant's log row for the rest of the transaction, so writes that must see the
   * merchant's every other write settled (an idempotency key, a card number) take turns. The log
   * itself takes the row only to hand out positions and pass tags, as its last step.
   */
  lockMerchant(tx: PgTx, merchantId: string): Promise<MerchantLog>;
  /**
   * Holds one row of `table` (by its `id`) until the transaction ends, so writes that count what
   * belongs to it and then add one take turns: a bound holds when requests race. FOR NO KEY
   * UPDATE, so rows that merely reference it (foreign keys) are not held up.
   */
  holdRow(tx: PgTx, table: HeldTable, id: string): Promise<boolean>;
  /**
   * Runs an API write under an optional Idempotency-Key, with the merchant's row held: a retry
   * with the same body gets the first answer (even one racing the first), another body under the
   * same key is refused, and the kept answer commits with the write.
   */
  answer(
    merchantId: string,
    now: number,
    idempotency: IdempotencyKey | undefined,
    work: (tx: PgTx) => Promise<Work>,
  ): Promise<Answer>;
}

/** The rows a bound is counted under: a merchant, a location, an admin account, a card's pass. */
export type HeldTable = "merchants" | "locations" | "admin_users" | "wallet_passes";

const HELD_KEY: Record<HeldTable, string> = {
  merchants: "id",
  locations: "id",
  admin_users: "id",
  wallet_passes: "card_id",
};

/**
 * A transaction lost a race it could not see coming (another merchant's write took an event id
 * meanwhile): it is undone and run again, when the race is settled.
 */
export class Contended extends Error {}

/**
 * Whether a transaction that failed with `error` is run again: it lost a race (`Contended`), or
 * PostgreSQL broke a deadlock by undoing it. Batches hold their cards before the merchant's log
 * row, but writes that must take the row first (an API call's idempotency key, a program edit
 * inside one) can meet a batch on the same card the other way round: rare, and the one PostgreSQL
 * picks simply runs again.
 */
function retried(error: unknown): boolean {
  return (
    error instanceof Contended ||
    (error instanceof pg.DatabaseError && error.code === DEADLOCK_DETECTED)
  );
}

const DEADLOCK_DETECTED = "40P01";

/** How often a contended transaction is run again before the error reaches the caller. */
const ATTEMPTS = 3;

/** BIGINT columns (times in ms, positions) come back as numbers: they stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Connections pipeline (node-postgres `pipeline`): a query is sent without waiting for the one
 * before it, which `PgTx.finish` uses to send a COMMIT behind its statement. Queries awaited one
 * after another run as without it.
 */
export function pgPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types, pipeline: true });
  // An idle connection PostgreSQL ends (a restart, a terminated backend, a dropped database) has
  // left the pool already, which connects anew when next asked; without a listener, the pool's
  // "error" about it would be thrown and end the process.
  pool.on("error", () => undefined);
  return pool;
}

export function pgContext(pool: pg.Pool): PgContext {
  const db = drizzle({ client: pool, schema: t });
  const onConnection = new WeakMap<pg.PoolClient, PgDb>();

  const once = async <T>(work: (tx: PgTx) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let txDb = onConnection.get(client);
    if (!txDb) {
      txDb = drizzle({ client, schema: t });
      onConnection.set(client, txDb);
    }
    const committed: (() => void)[] = [];
    let finished = false;
    const tx: PgTx = {
      client,
      db: txDb,
      query: (name, text, values) => {
        if (finished) throw new Error("the transaction has finished");
        return preparedRows(client, name, text, values);
      },
      finish: async <R extends pg.QueryResultRow>(
        name: string,
        text: string,
        values: unknown[],
      ) => {
        if (finished) throw new Error("the transaction has finished");
        finished = true;
        const [rows] = await Promise.all([
          preparedRows<R>(client, name, text, values),
          client.query("COMMIT"),
        ]);
        return rows;
      },
      afterCommit: (callback) => committed.push(callback),
    };
    // Sent with the work's first statement (pipelined), not a round trip of its own.
    const begun = client.query("BEGIN");
    begun.catch(() => undefined);
    try {
      const result = await work(tx);
      await begun;
      if (!finished) await client.query("COMMIT");
      for (const callback of committed) callback();
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  const transaction = async <T>(work: (tx: PgTx) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(work);
      } catch (error) {
        if (!retried(error) || attempt >= ATTEMPTS) throw error;
      }
    }
  };

  const { read, gather } = pooledReads(pool);

  const lockMerchant = async (tx: PgTx, merchantId: string): Promise<MerchantLog> => {
    const [row] = await tx.query<MerchantLog>(
      "merchant-log-lock",
      `SELECT head, pass_tag AS "passTag", last_hlc AS "lastHlc" FROM merchant_logs
       WHERE merchant_id = $1 FOR UPDATE`,
      [merchantId],
    );
    if (!row) throw new Error(`merchant ${merchantId} has no log row`);
    return row;
  };

  return {
    pool,
    db,
    transaction,
    async holdRow(tx, table, id) {
      const rows = await tx.query(
        `hold-${table}`,
        `SELECT 1 FROM ${table} WHERE ${HELD_KEY[table]} = $1 FOR NO KEY UPDATE`,
        [id],
      );
      return rows.length === 1;
    },
    query: (name, text, values) => preparedRows(pool, name, text, values),
    read,
    gather,
    lockMerchant,
    async answer(merchantId, now, idempotency, work) {
      try {
        return await transaction(async (tx): Promise<Answer> => {
          await lockMerchant(tx, merchantId);
          if (idempotency) {
            const [kept] = await tx.db
              .select()
              .from(t.idempotencyKeys)
              .where(
                and(
                  eq(t.idempotencyKeys.merchantId, merchantId),
                  eq(t.idempotencyKeys.key, idempotency.key),
                  gt(t.idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS),
                ),
              );
            if (kept) return replay(kept, idempotency);
          }
          const { response, commit } = await work(tx);
          if (!commit) throw new Rollback(response);
          const row = answerToKeep(merchantId, idempotency, response, now);
          if (row)
            await tx.db
              .insert(t.idempotencyKeys)
              .values(row)
              .onConflictDoUpdate({
                target: [t.idempotencyKeys.merchantId, t.idempotencyKeys.key],
                set: row,
              });
          return { kind: "answer", response };
        });
      } catch (error) {
        if (error instanceof Rollback) return { kind: "answer", response: error.response };
        throw error;
      }
    },
  };
}
