/**
 * `column` between the least and the greatest card id of `ids` (a `text[]` parameter): a
 * condition that changes no answer yet lets PostgreSQL's planner find a push round's or a fan-out
 * step's cards by index. Given only `= ANY(ids)` or a join with `unnest(ids)`, it estimates a
 * thousand random index probes dearer than a scan of the whole table and hash-joins — a scan per
 * round, which grows with the table: quadratic over a 100,000-card campaign. The bounds come from
 * the database itself, so they follow its collation.
 */
export const withinCards = (column: string, ids: string) =>
  `${column} BETWEEN (SELECT min(k) FROM unnest(${ids}) AS k) AND (SELECT max(k) FROM unnest(${ids}) AS k)`;
