import { type Placeholder, sql } from "drizzle-orm";

/**
 * A named parameter of a statement drizzle prepares once and runs many times: bound on each run
 * (`.get({ name: value })`) — drizzle builds the whole query on every call otherwise.
 */
export type StatementParam = Placeholder;

export const statementParam = (name: string): StatementParam => sql.placeholder(name);
