import { MAX_OPEN_RESETS_PER_ADMIN, MAX_RESTORE_LINKS_PER_CARD } from "./stored-bounds";

/**
 * Links that work once (a customer's card restore, an admin's password reset) are one table shape:
 * a token hash, the owner it opens, when it was made, expires and was used. Both adapters run the
 * same two statements on it, made here once: keep only the owner's newest few, and claim a link
 * atomically (a second claim of the same token finds it used).
 */
export interface OneTimeLinkTable {
  readonly table: "restore_links" | "admin_password_resets";
  readonly owner: "card_id" | "user_id";
  readonly keep: number;
}

export const RESTORE_LINKS: OneTimeLinkTable = {
  table: "restore_links",
  owner: "card_id",
  keep: MAX_RESTORE_LINKS_PER_CARD,
};

export const PASSWORD_RESETS: OneTimeLinkTable = {
  table: "admin_password_resets",
  owner: "user_id",
  keep: MAX_OPEN_RESETS_PER_ADMIN,
};

/** How a dialect writes the n-th parameter (1-based): `?` in SQLite, `$1` in PostgreSQL. */
export type ParamSyntax = (n: number) => string;
export const sqliteParam: ParamSyntax = () => "?";
export const pgParam: ParamSyntax = (n) => `$${n}`;

/** A statement and its parameters, in the dialect's parameter syntax. */
export type Statement = readonly [text: string, values: unknown[]];

/** Drops the owner's links beyond its newest `keep`. */
export function keepNewestLinks(
  { table, owner, keep }: OneTimeLinkTable,
  p: ParamSyntax,
  ownerId: string,
): Statement {
  const text = `DELETE FROM ${table} WHERE ${owner} = ${p(1)} AND token_hash NOT IN (
     SELECT token_hash FROM ${table} WHERE ${owner} = ${p(2)}
     ORDER BY created_at DESC, token_hash DESC LIMIT ${p(3)})`;
  return [text, [ownerId, ownerId, keep]];
}

/** Marks an unused, unexpired link used and returns its owner as `owner` (no row: not claimable). */
export function claimLink(
  { table, owner }: OneTimeLinkTable,
  p: ParamSyntax,
  tokenHash: string,
  now: number,
): Statement {
  const text = `UPDATE ${table} SET used_at = ${p(1)}
     WHERE token_hash = ${p(2)} AND used_at IS NULL AND expires_at > ${p(3)}
     RETURNING ${owner} AS owner`;
  return [text, [now, tokenHash, now]];
}
