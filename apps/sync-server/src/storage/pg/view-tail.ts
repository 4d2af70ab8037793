import { NO_LOCATION, pulledScope } from "../append/scope-entries";
import { type ViewReadRow, type ViewTailStore, viewRead } from "../view-tail-store";
import type { PgContext } from "./pg-context";

type Row = { head: number } & { [K in keyof ViewReadRow]: ViewReadRow[K] | null };

/**
 * A view's newest events on PostgreSQL (`ViewTailStore`): the log row's head and the rows up to
 * it in one statement (one snapshot, one round trip). The head only passes positions whose writes
 * have committed (`log-hand-out.ts`), so no row up to it can still appear. Sent as a read
 * (`PgContext.read`): with the other reads waiting for a connection, not on one of its own.
 */
export function pgViewTail(context: PgContext): ViewTailStore {
  const columns = `e.id, e.card_id AS "cardId", e.hlc, e.body, e.device_id AS "deviceId"`;
  const read = (name: string, rows: string, values: unknown[]) =>
    context.read<Row>(
      name,
      `SELECT m.head, r.* FROM merchant_logs m
       LEFT JOIN LATERAL (${rows}) r ON true
       WHERE m.merchant_id = $1 ORDER BY r.pos, r.seq`,
      values,
    );
  return {
    async viewAfter(merchantId, scope, after, limit) {
      const key = pulledScope(scope);
      const found =
        key === null
          ? await read(
              "view-tail-log",
              `SELECT e.seq AS pos, e.seq, ${columns} FROM events e
               WHERE e.merchant_id = m.merchant_id AND e.seq > $2 AND e.seq <= m.head
               ORDER BY e.seq LIMIT $3`,
              [merchantId, after, limit + 1],
            )
          : await read(
              "view-tail-scope",
              `SELECT s.pos, s.seq, ${columns} FROM scope_log s
               JOIN events e ON e.merchant_id = s.merchant_id AND e.seq = s.seq
               WHERE s.merchant_id = m.merchant_id AND s.scope IN ($4, '${NO_LOCATION}')
                 AND s.pos > $2 AND s.pos <= m.head
               ORDER BY s.pos, s.seq LIMIT $3`,
              [merchantId, after, limit + 1, key],
            );
      const head = found[0]?.head ?? 0;
      const rows = found.flatMap(({ pos, id, cardId, hlc, body, deviceId }) =>
        pos === null ? [] : [{ pos, id, cardId, hlc, body, deviceId } as ViewReadRow],
      );
      return viewRead(head, rows, limit);
    },
  };
}
