import { NO_LOCATION, pulledScope } from "../append/scope-entries";
import { type ViewRead, type ViewReadRow, type ViewTailStore, viewRead } from "../view-tail-store";
import { LOG_HEAD, withLogHead } from "./log-head";
import type { SqliteContext } from "./sqlite-context";

const COLUMNS = "e.id, e.card_id, e.hlc, e.body, e.device_id";

const WHOLE = withLogHead(
  `SELECT e.seq, ${COLUMNS} FROM events e
   WHERE e.merchant_id = @merchantId AND e.seq > @after AND e.seq <= ${LOG_HEAD}
   ORDER BY e.seq LIMIT @rows`,
  6,
);

const SCOPED = withLogHead(
  `SELECT s.pos, ${COLUMNS} FROM scope_log s
   JOIN events e ON e.merchant_id = s.merchant_id AND e.seq = s.seq
   WHERE s.merchant_id = @merchantId AND s.scope IN (@scope, '${NO_LOCATION}')
     AND s.pos > @after AND s.pos <= ${LOG_HEAD}
   ORDER BY s.pos, s.seq LIMIT @rows`,
  6,
);

/** A row as read (`raw`): an event of the view, or the head's (`id` null, the head in `pos`). */
type Row = readonly [
  pos: number,
  id: string | null,
  cardId: string,
  hlc: string,
  body: string,
  deviceId: string,
];

interface Params {
  readonly merchantId: string;
  readonly scope?: string;
  readonly after: number;
  readonly rows: number;
}

/** `ViewRead` of the rows read: every row but the head's is an event. */
function readOf(rows: readonly Row[], limit: number): ViewRead {
  let head = 0;
  const events: ViewReadRow[] = [];
  for (const [pos, id, cardId, hlc, body, deviceId] of rows)
    if (id === null) head = pos;
    else events.push({ pos, id, cardId, hlc, body, deviceId });
  return viewRead(head, events, limit);
}

/**
 * A view's newest events on SQLite (`ViewTailStore`): the log's head and the rows up to it in ONE
 * statement (`withLogHead`), with every extension of a scope's tail.
 */
export function sqliteViewTail({ client }: SqliteContext): ViewTailStore {
  const whole = client.prepare<[Params], Row>(WHOLE).raw();
  const scoped = client.prepare<[Params], Row>(SCOPED).raw();
  return {
    async viewAfter(merchantId, scope, after, limit) {
      const key = pulledScope(scope);
      const rows =
        key === null
          ? whole.all({ merchantId, after, rows: limit + 1 })
          : scoped.all({ merchantId, scope: key, after, rows: limit + 1 });
      return readOf(rows, limit);
    },
  };
}
