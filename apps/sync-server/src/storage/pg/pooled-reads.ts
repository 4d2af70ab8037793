import type pg from "pg";
import type { PgContext } from "./pg-context";
import { preparedRows } from "./prepared-query";

// Reads outside a transaction that go together (`PgContext.read` and `gather`): those waiting for
// a connection share it, identical ones are sent once, gathered ones as one statement of all their
// items.

/**
 * The most reads sent together on one connection (`PgContext.read`): they run one after another
 * in its backend, so a batch is kept to a few milliseconds of statements.
 */
const READ_BATCH = 32;

/** A read waiting for a connection, with the promise its callers share. */
interface Waiting {
  readonly name: string;
  readonly text: string;
  readonly values: unknown[];
  /** A gathered read's items (`gather`), sent after `values`; null for a read of its own. */
  readonly items: Set<string> | null;
  readonly rows: Promise<readonly pg.QueryResultRow[]>;
  resolve(rows: readonly pg.QueryResultRow[]): void;
  reject(error: unknown): void;
}

/** The pool's batched reads: `PgContext.read` and `PgContext.gather` (documented there). */
export function pooledReads(pool: pg.Pool): Pick<PgContext, "read" | "gather"> {
  /** The reads waiting for a connection, by statement and values, sent together on it (`read`). */
  let waiting: Map<string, Waiting> | null = null;
  const sendTogether = async (reads: Map<string, Waiting>) => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      for (const read of reads.values()) read.reject(error);
      return;
    } finally {
      // From now on the reads' snapshots may predate a caller: later ones read anew.
      if (waiting === reads) waiting = null;
    }
    try {
      // Sent in one socket write: the driver writes each query's messages on their own (a system
      // call each, and a wake-up of the backend), unless the socket is corked around them all.
      const { stream } = (client as unknown as pg.Client).connection;
      stream.cork();
      let answered: Promise<void>[];
      try {
        answered = [...reads.values()].map((read) =>
          preparedRows(
            client,
            read.name,
            read.text,
            read.items === null ? read.values : [...read.values, [...read.items]],
          ).then(read.resolve, read.reject),
        );
      } finally {
        stream.uncork();
      }
      await Promise.all(answered);
    } finally {
      client.release();
    }
  };
  /** The read waiting under `key`, or a new one (`gathers`: with a list of items). */
  const waitingRead = (
    key: string,
    name: string,
    text: string,
    values: unknown[],
    gathers: boolean,
  ): Waiting => {
    const queued = waiting?.get(key);
    if (queued) return queued;
    if (waiting === null || waiting.size >= READ_BATCH) {
      waiting = new Map();
      void sendTogether(waiting);
    }
    let resolve: (rows: readonly pg.QueryResultRow[]) => void = () => undefined;
    let reject: (error: unknown) => void = () => undefined;
    const rows = new Promise<readonly pg.QueryResultRow[]>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const items = gathers ? new Set<string>() : null;
    const made = { name, text, values, items, rows, resolve, reject };
    waiting.set(key, made);
    return made;
  };
  const read = <R extends pg.QueryResultRow>(
    name: string,
    text: string,
    values: unknown[],
  ): Promise<readonly R[]> =>
    waitingRead(`${name}\u0000${JSON.stringify(values)}`, name, text, values, false)
      .rows as Promise<readonly R[]>;
  /** The newest gathered read of each statement and values, until it is answered (`gather`). */
  const gathering = new Map<string, Promise<unknown>>();
  const gather = async <R extends pg.QueryResultRow & { readonly item: string }>(
    name: string,
    text: string,
    values: unknown[],
    item: string,
  ): Promise<readonly R[]> => {
    const key = `${name}\u0001${JSON.stringify(values)}`;
    // One under way already (sent, so not to be joined): wait for its answer, then ask with every
    // caller that came meanwhile. A location's re-arriving tills were a statement each few turns
    // of the event loop, as connections came free; now at most one is under way, and the next
    // carries all who asked during it (at most one statement's wait more for a caller).
    for (let sent = gathering.get(key); sent && !waiting?.has(key); sent = gathering.get(key))
      await sent.then(
        () => undefined,
        () => undefined,
      );
    const gathered = waitingRead(key, name, text, values, true);
    gathered.items?.add(item);
    if (gathering.get(key) !== gathered.rows) {
      gathering.set(key, gathered.rows);
      const answered = () => {
        if (gathering.get(key) === gathered.rows) gathering.delete(key);
      };
      gathered.rows.then(answered, answered);
    }
    return ((await gathered.rows) as readonly R[]).filter((row) => row.item === item);
  };

  return { read, gather };
}
