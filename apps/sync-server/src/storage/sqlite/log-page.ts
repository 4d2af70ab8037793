import type Database from "better-sqlite3";
import { eventPage } from "../event-page";
import type { EventPage, PageEvent } from "../store";
import { LOG_HEAD, withLogHead } from "./log-head";

/** The merchant's first events after the cursor up to the head, but the asking device's. */
const LOG_PAGE = withLogHead(
  `SELECT seq, id, card_id, hlc, body FROM events
   WHERE merchant_id = @merchantId AND seq > @cursor AND seq <= ${LOG_HEAD}
     AND device_id <> @deviceId ORDER BY seq LIMIT @rows`,
  5,
);

/** A row as read (`raw`): a pulled event, or the head's (`id` null, the head in `pos`). */
type Row = readonly [pos: number, id: string | null, cardId: string, hlc: string, body: string];

interface Params {
  readonly merchantId: string;
  readonly deviceId: string;
  readonly cursor: number;
  readonly rows: number;
}

/**
 * A page of the merchant's whole log for a device (`eventPage`), its rows read with the log's
 * head in one statement (`withLogHead`): a pull from the head's position on reads no row.
 */
export function logPage(
  db: Database.Database,
): (merchantId: string, deviceId: string, cursor: number, limit: number) => Promise<EventPage> {
  const page = db.prepare<[Params], Row>(LOG_PAGE).raw();
  return (merchantId, deviceId, cursor, limit) => {
    let head = 0;
    const rows: PageEvent[] = [];
    for (const [pos, id, cardId, hlc, body] of page.all({
      merchantId,
      deviceId,
      cursor,
      rows: limit + 1,
    }))
      if (id === null) head = pos;
      else rows.push({ pos, id, cardId, hlc, body });
    return eventPage({ head, scopeHead: head, cursor }, limit, () => rows);
  };
}
