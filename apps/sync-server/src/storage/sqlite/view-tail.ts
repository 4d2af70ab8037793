import { NO_LOCATION, pulledScope } from "../append/scope-entries";
import { type ViewReadRow, type ViewTailStore, viewRead } from "../view-tail-store";
import type { SqliteContext } from "./sqlite-context";

/** A view's newest events on SQLite (`ViewTailStore`): the log's head, then the rows up to it. */
export function sqliteViewTail({ client, log }: SqliteContext): ViewTailStore {
  const columns = "e.id, e.card_id AS cardId, e.hlc, e.body, e.device_id AS deviceId";
  const whole = client.prepare<[string, number, number, number], ViewReadRow>(
    `SELECT e.seq AS pos, ${columns} FROM events e
     WHERE e.merchant_id = ? AND e.seq > ? AND e.seq <= ? ORDER BY e.seq LIMIT ?`,
  );
  const scoped = client.prepare<[string, string, number, number, number], ViewReadRow>(
    `SELECT s.pos, ${columns} FROM scope_log s
     JOIN events e ON e.merchant_id = s.merchant_id AND e.seq = s.seq
     WHERE s.merchant_id = ? AND s.scope IN (?, '${NO_LOCATION}') AND s.pos > ? AND s.pos <= ?
     ORDER BY s.pos, s.seq LIMIT ?`,
  );
  return {
    async viewAfter(merchantId, scope, after, limit) {
      // Synchronous: no commit comes between the head and the rows.
      const head = log.maxSeq(merchantId);
      const key = pulledScope(scope);
      const rows =
        key === null
          ? whole.all(merchantId, after, head, limit + 1)
          : scoped.all(merchantId, key, after, head, limit + 1);
      return viewRead(head, rows, limit);
    },
  };
}
