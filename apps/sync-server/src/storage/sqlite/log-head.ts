/**
 * The merchant's log head as a constant subquery of the statement it goes with (null when the
 * merchant has no log row): SQLite runs it once per run of the statement, in the statement's one
 * read of one snapshot. Read as a statement of its own (`EventLog.maxSeq`), the head was a read
 * transaction of its own: its lock taken and let go on the `-shm` file (~30 µs of `fcntl` on this
 * machine against a few µs for its row).
 */
export const LOG_HEAD = "(SELECT head FROM merchant_logs WHERE merchant_id = @merchantId)";

/**
 * `rows` (events up to `LOG_HEAD`, `columns` of them, the first a position and the second never
 * null), then one row more: the head in the first column, the others null.
 */
export const withLogHead = (rows: string, columns: number) => `SELECT * FROM (${rows})
   UNION ALL SELECT coalesce(${LOG_HEAD}, 0)${", NULL".repeat(columns - 1)}`;
