import type Database from "better-sqlite3";
import type { PageEvent } from "../store";

/** A pulled event as read (`raw`): the columns of `PageEvent`, in its order. */
type PageRow = readonly [pos: number, id: string, cardId: string, hlc: string, body: string];

/**
 * Reads with `statement`, whose columns are `PageEvent`'s in its order, as arrays, and makes the
 * pulled events in JavaScript: better-sqlite3 makes a row's object one property at a time through
 * V8's API, a fifth of the reading of a page of 500 events (issue 13: a pull page with every round).
 */
export function pageRows<Params extends unknown[]>(
  statement: Database.Statement<Params, unknown>,
): (...params: Params) => PageEvent[] {
  const rows = statement.raw() as unknown as Database.Statement<Params, PageRow>;
  return (...params) =>
    rows.all(...params).map((row) => ({
      pos: row[0],
      id: row[1],
      cardId: row[2],
      hlc: row[3],
      body: row[4],
    }));
}
