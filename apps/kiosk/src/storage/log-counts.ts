import type {
  DBCore,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCoreTable,
  DBCoreTransaction,
  Middleware,
} from "dexie";

/**
 * How many events of a card the log holds (issue 16): the fold finds the cards with more than a
 * tail by the index on `events`, at a cost that grows with what changed, not with the log.
 */
export interface LogCountRow {
  readonly cardId: string;
  readonly events: number;
}

export const LOG_COUNTS = "logCounts";

/** Counts of these cards, one id per log row: how a scan of the log counts, and the upgrade. */
export function countCards(cardIds: Iterable<string>): LogCountRow[] {
  const counts = new Map<string, number>();
  for (const cardId of cardIds) counts.set(cardId, (counts.get(cardId) ?? 0) + 1);
  return [...counts].map(([cardId, events]) => ({ cardId, events }));
}

/** The log's rows a request touches, by id: the card of each. */
type Held = Map<unknown, string>;

interface LogRow {
  readonly cardId: string;
}

/** The ids a put or an add writes, in its order. */
function keysOf(log: DBCoreTable, req: { keys?: unknown[]; values: readonly LogRow[] }): unknown[] {
  return req.keys ?? req.values.map((value) => log.schema.primaryKey.extractKey?.(value));
}

/** Per transaction, the last log write still counting: the next waits for it (`logCounts`). */
const counting = new WeakMap<DBCoreTransaction, Promise<unknown>>();

/** What the log holds of the ids a request writes, read before it (an add's: nothing). */
async function rowsBefore(log: DBCoreTable, req: DBCoreMutateRequest): Promise<Held> {
  const held: Held = new Map();
  const { trans } = req;
  switch (req.type) {
    case "add":
      // An add writes only an id the log does not hold; one it holds fails and changes nothing.
      return held;
    case "put":
    case "delete": {
      const keys = req.type === "put" ? keysOf(log, req) : req.keys;
      const rows = (await log.getMany({ trans, keys })) as (LogRow | undefined)[];
      keys.forEach((key, i) => {
        const row = rows[i];
        if (row) held.set(key, row.cardId);
      });
      return held;
    }
    case "deleteRange": {
      const { result } = await log.query({
        trans,
        values: true,
        query: { index: log.schema.primaryKey, range: req.range },
      });
      for (const row of result as LogRow[])
        held.set(log.schema.primaryKey.extractKey?.(row), row.cardId);
      return held;
    }
  }
}

/** What the log holds of the same ids once the request's operations that did not fail ran, in order. */
function rowsAfter(
  log: DBCoreTable,
  req: DBCoreMutateRequest,
  before: Held,
  res: DBCoreMutateResponse,
): Held {
  const after: Held = new Map(before);
  const done = (i: number) => !(i in res.failures);
  switch (req.type) {
    case "add":
    case "put": {
      const keys = keysOf(log, req);
      req.values.forEach((value: LogRow, i) => {
        if (done(i)) after.set(keys[i], value.cardId);
      });
      return after;
    }
    case "delete":
      req.keys.forEach((key, i) => {
        if (done(i)) after.delete(key);
      });
      return after;
    case "deleteRange":
      return new Map();
  }
}

/** The counts of these cards (0: none). */
async function readCounts(
  counts: DBCoreTable,
  trans: DBCoreTransaction,
  cardIds: readonly string[],
): Promise<Map<string, number>> {
  if (cardIds.length === 0) return new Map();
  const rows = (await counts.getMany({ trans, keys: [...cardIds] })) as (LogCountRow | undefined)[];
  return new Map(cardIds.map((cardId, i) => [cardId, rows[i]?.events ?? 0]));
}

/**
 * Adds each card's change to its count, in the same transaction; a count that reaches 0 goes.
 * `read`: counts read before the change, where there are some; the others are read now.
 */
async function applyChange(
  counts: DBCoreTable,
  trans: DBCoreTransaction,
  before: Held,
  after: Held,
  read: Map<string, number>,
) {
  const change = new Map<string, number>();
  for (const cardId of before.values()) change.set(cardId, (change.get(cardId) ?? 0) - 1);
  for (const cardId of after.values()) change.set(cardId, (change.get(cardId) ?? 0) + 1);
  const changed = [...change].filter(([, by]) => by !== 0);
  if (changed.length === 0) return;
  const unread = changed.map(([cardId]) => cardId).filter((cardId) => !read.has(cardId));
  const held = new Map([...read, ...(await readCounts(counts, trans, unread))]);
  const kept: LogCountRow[] = [];
  const gone: string[] = [];
  for (const [cardId, by] of changed) {
    const events = (held.get(cardId) ?? 0) + by;
    if (events > 0) kept.push({ cardId, events });
    else gone.push(cardId);
  }
  await Promise.all([
    kept.length > 0 && counts.mutate({ type: "put", trans, values: kept }),
    gone.length > 0 && counts.mutate({ type: "delete", trans, keys: gone }),
  ]);
}

/**
 * The write and the reads it needs, made at once: a transaction's requests run in the order they
 * are made, so the log is read before the write and the counts before this write counts, in one
 * round trip to IndexedDB instead of three. An add's or a put's cards are known from its rows; a
 * delete's only once the log was read.
 */
async function countedMutate(
  log: DBCoreTable,
  counts: DBCoreTable,
  req: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  const writes =
    req.type === "add" || req.type === "put"
      ? [...new Set(req.values.map((row: LogRow) => row.cardId))]
      : [];
  const [before, res, read] = await Promise.all([
    rowsBefore(log, req),
    log.mutate(req),
    readCounts(counts, req.trans, writes),
  ]);
  await applyChange(counts, req.trans, before, rowsAfter(log, req, before, res), read);
  return res;
}

/**
 * Keeps `logCounts` in the transaction of every write to `log` (adds, puts, deletes, clears: a
 * stamp, a pulled page, a compact card's tail, a fold, a re-pair), whoever writes it: a read-write
 * transaction that names `log` names `logCounts` too, so a crash keeps both or neither. A row put
 * again (a page pulled twice, a tail already held) counts once. Writes to the log in one
 * transaction count one after another: two at once would read a card's count before either wrote
 * it. A card's count is exact, so a fold reads only the cards with more than a tail. Below dexie's
 * own middlewares (level -1 and up): they read dexie's zone (`PSD.trans`), which an await in here
 * does not carry on to a call down.
 */
export const logCounts: Middleware<DBCore> = {
  stack: "dbcore",
  name: "logCounts",
  level: -2,
  create: (down) => ({
    ...down,
    transaction: (stores, mode, options) =>
      down.transaction(
        mode === "readwrite" && stores.includes("log") && !stores.includes(LOG_COUNTS)
          ? [...stores, LOG_COUNTS]
          : stores,
        mode,
        options,
      ),
    table: (name) => {
      const table = down.table(name);
      if (name !== "log") return table;
      return {
        ...table,
        mutate: (req) => {
          const count = () => countedMutate(table, down.table(LOG_COUNTS), req);
          const earlier = counting.get(req.trans);
          const done = earlier ? earlier.then(count) : count();
          counting.set(
            req.trans,
            done.catch(() => {}),
          );
          return done;
        },
      };
    },
  }),
};
