import type {
  DBCore,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCorePutRequest,
  DBCoreTable,
  DBCoreTransaction,
  Middleware,
} from "dexie";

/**
 * How many events of a card the log holds (issue 16): the fold finds the cards with more than a
 * tail from these rows, one per card, without reading the log.
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

/** Adds to `change` what a request did to each card's count: its rows before and after it. */
function changeOf(before: Held, after: Held, change: Map<string, number>): Map<string, number> {
  for (const cardId of before.values()) change.set(cardId, (change.get(cardId) ?? 0) - 1);
  for (const cardId of after.values()) change.set(cardId, (change.get(cardId) ?? 0) + 1);
  return change;
}

/**
 * Adds each card's change to its count, in the same transaction, one put for the cards whose
 * count changed (none: no write) and one delete for those that reach 0. `read`: counts read
 * before the change, where there are some; the others are read now.
 */
async function applyChange(
  counts: DBCoreTable,
  trans: DBCoreTransaction,
  change: Map<string, number>,
  read: Map<string, number>,
) {
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

/** The cards of the rows an add or a put writes, each once. */
const cardsOf = (values: readonly LogRow[]) => [...new Set(values.map((row) => row.cardId))];

/**
 * The write and the reads it needs, made at once: a transaction's requests run in the order they
 * are made, so the log is read before the write and the counts before this write counts, in one
 * round trip to IndexedDB instead of three. An add's cards are known from its rows; a delete's
 * only once the log was read.
 */
async function countedMutate(
  log: DBCoreTable,
  counts: DBCoreTable,
  req: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  if (req.type === "put") return countedPut(log, counts, req);
  const [before, res, read] = await Promise.all([
    rowsBefore(log, req),
    log.mutate(req),
    readCounts(counts, req.trans, req.type === "add" ? cardsOf(req.values) : []),
  ]);
  const change = changeOf(before, rowsAfter(log, req, before, res), new Map());
  await applyChange(counts, req.trans, change, read);
  return res;
}

/** The same put of only the rows at `picked` (their indexes in it). */
function only(req: DBCorePutRequest, picked: readonly number[]): DBCorePutRequest {
  const { keys, values } = req;
  return {
    ...req,
    values: picked.map((i) => values[i]),
    ...(keys ? { keys: picked.map((i) => keys[i]) } : {}),
  };
}

/** Whether an add failed because the log holds its id already: it changed nothing. */
const heldAlready = (error: Error | undefined) => error?.name === "ConstraintError";

/**
 * A put, made as an add first (issue 16): a log row is an event, which a put writes again only
 * when it is resent (a page pulled twice, a compact card's tail the till holds), so most of a page
 * is new, and an add needs no read of the log before it (a page of 25 new events read 25 rows
 * more than it wrote). An add of an id the log holds fails alone (`ConstraintError`) and changes
 * nothing; those rows are then read and put as asked, as `countedMutate` does. The counts of the
 * page's cards are read with the add.
 */
async function countedPut(
  log: DBCoreTable,
  counts: DBCoreTable,
  req: DBCorePutRequest,
): Promise<DBCoreMutateResponse> {
  const { trans, values } = req;
  const [added, read] = await Promise.all([
    log.mutate({ type: "add", trans, values, ...(req.keys ? { keys: req.keys } : {}) }),
    readCounts(counts, trans, cardsOf(values)),
  ]);
  const change = new Map<string, number>();
  const failures: Record<number, Error> = {};
  const results = [...(added.results ?? [])];
  const again: number[] = [];
  values.forEach((row: LogRow, i) => {
    const failure: Error | undefined = added.failures[i];
    if (!failure) change.set(row.cardId, (change.get(row.cardId) ?? 0) + 1);
    else if (heldAlready(failure)) again.push(i);
    else failures[i] = failure;
  });
  if (again.length > 0) {
    const put = only(req, again);
    const [before, res] = await Promise.all([rowsBefore(log, put), log.mutate(put)]);
    changeOf(before, rowsAfter(log, put, before, res), change);
    again.forEach((i, j) => {
      const failure: Error | undefined = res.failures[j];
      if (failure) failures[i] = failure;
      else results[i] = res.results?.[j];
    });
  }
  await applyChange(counts, trans, change, read);
  const numFailures = Object.keys(failures).length;
  return { numFailures, failures, results, lastResult: results[results.length - 1] };
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
