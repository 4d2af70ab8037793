import type pg from "pg";
import { textArrayParam } from "./text-array";

/**
 * A prepared statement (parsed once per connection, by `name`) with positional parameters, on a
 * connection or any of the pool's: its rows.
 */
export async function preparedRows<R extends pg.QueryResultRow>(
  runner: pg.Pool | pg.PoolClient,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  return (await runner.query<R>({ name, text, values: values.map(textArrayParam) })).rows;
}
