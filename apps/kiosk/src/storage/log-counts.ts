import type {
  DBCore,
  DBCoreAddRequest,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCorePutRequest,
  DBCoreTable,
  DBCoreTransaction,
  Middleware,
} from "dexie";

/**
 * How many events of a card the log held when the changes were last settled (issue 16); with the
 * changes since, how many it holds (`held-counts.ts`). The fold finds the cards with more than a
 * tail from these, without reading the log.
 */
export interface LogCountRow {
  readonly cardId: string;
  readonly events: number;
}

export const LOG_COUNTS = "logCounts";

/**
 * A write's change to the counts (per card, events added or removed), added in the write's own
 * transaction; `settleCounts` folds these into `logCounts`. Writing one needs no read of a count
 * first: a page or a stamp writes its log rows and its change in one round trip to IndexedDB.
 */
export interface CountChangeRow {
  readonly seq?: number;
  readonly change: Readonly<Record<string, number>>;
}

export const COUNT_CHANGES = "logCountChanges";

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

/** Adds to `change` what a request did to each card's count: its rows before and after it. */
function changeOf(before: Held, after: Held, change: Map<string, number>): Map<string, number> {
  for (const cardId of before.values()) change.set(cardId, (change.get(cardId) ?? 0) - 1);
  for (const cardId of after.values()) change.set(cardId, (change.get(cardId) ?? 0) + 1);
  return change;
}

/**
 * Adds the change as a row of `COUNT_CHANGES` in the write's transaction, none when it is 0; with
 * `seq`, writes it over that row instead, or deletes the row. The key of the row added.
 */
async function record(
  changes: DBCoreTable,
  trans: DBCoreTransaction,
  change: Map<string, number>,
  seq?: number,
): Promise<number | undefined> {
  const moved = [...change].filter(([, by]) => by !== 0);
  if (moved.length === 0) {
    if (seq !== undefined) await changes.mutate({ type: "delete", trans, keys: [seq] });
    return undefined;
  }
  const row: CountChangeRow = {
    ...(seq === undefined ? {} : { seq }),
    change: Object.fromEntries(moved),
  };
  const res = await changes.mutate({
    type: seq === undefined ? "add" : "put",
    trans,
    values: [row],
  });
  return res.results?.[0];
}

/** A delete's cards are known only once the log was read: read with the delete, then recorded. */
async function countedDelete(
  log: DBCoreTable,
  changes: DBCoreTable,
  req: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  const [before, res] = await Promise.all([rowsBefore(log, req), log.mutate(req)]);
  await record(changes, req.trans, changeOf(before, rowsAfter(log, req, before, res), new Map()));
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
 * An add, or a put made as an add first (issue 16), written with its change as if every row were
 * new: a log row is an event, written again only when it is resent (a page pulled twice, a compact
 * card's tail the till holds), so the rows, the change and the commit are one round trip with no
 * read. A row whose add failed changed nothing, and is taken back from the change, which is
 * written again over the first (or deleted: a page resent whole leaves no row); a put's row the
 * log held (`ConstraintError`) is then read and put as asked, and that counted as it changed.
 */
async function countedWrite(
  log: DBCoreTable,
  changes: DBCoreTable,
  req: DBCoreAddRequest | DBCorePutRequest,
): Promise<DBCoreMutateResponse> {
  const { trans, values } = req;
  const guess = changeOf(new Map(), new Map(values.map(cardOf)), new Map());
  const [added, seq] = await Promise.all([
    log.mutate({ type: "add", trans, values, ...(req.keys ? { keys: req.keys } : {}) }),
    record(changes, trans, guess),
  ]);
  if (added.numFailures === 0) return added;
  // What the write really changed, written over the guess (deleted when nothing: a page resent).
  const back = new Map(guess);
  const failures: Record<number, Error> = {};
  const results = [...(added.results ?? [])];
  const again: number[] = [];
  values.forEach((row: LogRow, i) => {
    const failure: Error | undefined = added.failures[i];
    if (!failure) return;
    back.set(row.cardId, (back.get(row.cardId) ?? 0) - 1);
    if (req.type === "put" && heldAlready(failure)) again.push(i);
    else failures[i] = failure;
  });
  if (req.type === "put" && again.length > 0) {
    const put = only(req, again);
    const [before, res] = await Promise.all([rowsBefore(log, put), log.mutate(put)]);
    changeOf(before, rowsAfter(log, put, before, res), back);
    again.forEach((i, j) => {
      const failure: Error | undefined = res.failures[j];
      if (failure) failures[i] = failure;
      else results[i] = res.results?.[j];
    });
  }
  await record(changes, trans, back, seq);
  const numFailures = Object.keys(failures).length;
  return { numFailures, failures, results, lastResult: results[results.length - 1] };
}

/** Each row of an add or a put by its position, with its card: what the change counts. */
const cardOf = (row: LogRow, i: number): [number, string] => [i, row.cardId];

/** The counting of one write to the log. */
function countedMutate(
  log: DBCoreTable,
  changes: DBCoreTable,
  req: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  switch (req.type) {
    case "add":
    case "put":
      return countedWrite(log, changes, req);
    case "delete":
    case "deleteRange":
      return countedDelete(log, changes, req);
  }
}

/**
 * Keeps the log's counts in the transaction of every write to `log` (adds, puts, deletes, clears:
 * a stamp, a pulled page, a compact card's tail, a fold, a re-pair), whoever writes it: a read-write
 * transaction that names `log` names `COUNT_CHANGES` too, and each write adds its change there, so
 * a crash keeps both or neither. A row put again (a page pulled twice, a tail already held) counts
 * once, a failed add not at all. Writes to the log in one transaction are counted one after
 * another, each reading the log as the one before left it. `logCounts` with the changes not
 * settled yet is each card's exact count (`held-counts.ts`). Below dexie's own middlewares (level
 * -1 and up): they read dexie's zone (`PSD.trans`), which an await in here does not carry on to a
 * call down.
 */
export const logCounts: Middleware<DBCore> = {
  stack: "dbcore",
  name: "logCounts",
  level: -2,
  create: (down) => ({
    ...down,
    transaction: (stores, mode, options) =>
      down.transaction(
        mode === "readwrite" && stores.includes("log") && !stores.includes(COUNT_CHANGES)
          ? [...stores, COUNT_CHANGES]
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
          const count = () => countedMutate(table, down.table(COUNT_CHANGES), req);
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
