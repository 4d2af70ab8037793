import { NO_LOCATION, pulledScope } from "../append/scope-entries";
import { type ViewReadRow, type ViewTailStore, viewRead } from "../view-tail-store";
import type { PgContext } from "./pg-context";

type Row = { head: number } & { [K in keyof ViewReadRow]: ViewReadRow[K] | null };

const COLUMNS = `e.id, e.card_id AS "cardId", e.hlc, e.body, e.device_id AS "deviceId"`;

/** The log row's head with `rows` (of the merchant $1, up to `m.head`) joined: one snapshot. */
const viewTailStatement = (rows: string) => `SELECT m.head, r.* FROM merchant_logs m
   LEFT JOIN LATERAL (${rows}) r ON true
   WHERE m.merchant_id = $1 ORDER BY r.pos, r.seq`;

/** The merchant's whole log: its first $3 events after $2. */
const LOG_ROWS = `SELECT e.seq AS pos, e.seq, ${COLUMNS} FROM events e
   WHERE e.merchant_id = m.merchant_id AND e.seq > $2 AND e.seq <= m.head
   ORDER BY e.seq LIMIT $3`;

/** One scope's first $3 rows after the position $2 up to the head, in its primary key's order. */
const scopeRows = (scope: string) => `(SELECT s.pos, s.seq, ${COLUMNS} FROM scope_log s
   JOIN events e ON e.merchant_id = s.merchant_id AND e.seq = s.seq
   WHERE s.merchant_id = m.merchant_id AND s.scope = ${scope} AND s.pos > $2 AND s.pos <= m.head
   ORDER BY s.pos, s.seq LIMIT $3)`;

/**
 * The view of the scope $4: its rows and those of every location (NO_LOCATION), each read in its
 * primary key's order and the two merged (Merge Append), as a pull's page is (`SCOPE_PAGE`). With
 * `scope IN (…)` PostgreSQL read and sorted both scopes' every row from $2 to the head: a tail's
 * first read of a long view from a till's cursor 0 read all of it (`scope-page-plan.test.ts`).
 */
const SCOPE_ROWS = `${scopeRows("$4")} UNION ALL ${scopeRows(`'${NO_LOCATION}'`)}
   ORDER BY pos, seq LIMIT $3`;

/** The full statement of a scope's view tail, as sent (for its plan's test). */
export const VIEW_TAIL_SCOPE = viewTailStatement(SCOPE_ROWS);

/**
 * A view's newest events on PostgreSQL (`ViewTailStore`): the log row's head and the rows up to
 * it in one statement (one snapshot, one round trip). The head only passes positions whose writes
 * have committed (`log-hand-out.ts`), so no row up to it can still appear. Sent as a read
 * (`PgContext.read`): with the other reads waiting for a connection, not on one of its own.
 */
export function pgViewTail(context: PgContext): ViewTailStore {
  const read = (name: string, rows: string, values: unknown[]) =>
    context.read<Row>(name, viewTailStatement(rows), values);
  return {
    async viewAfter(merchantId, scope, after, limit) {
      const key = pulledScope(scope);
      const found =
        key === null
          ? await read("view-tail-log", LOG_ROWS, [merchantId, after, limit + 1])
          : await read("view-tail-scope", SCOPE_ROWS, [merchantId, after, limit + 1, key]);
      const head = found[0]?.head ?? 0;
      const rows = found.flatMap(({ pos, id, cardId, hlc, body, deviceId }) =>
        pos === null ? [] : [{ pos, id, cardId, hlc, body, deviceId } as ViewReadRow],
      );
      return viewRead(head, rows, limit);
    },
  };
}
