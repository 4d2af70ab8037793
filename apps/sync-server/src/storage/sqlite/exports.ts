import type { StampEvent } from "@stamp/core";
import { and, asc, eq, gt } from "drizzle-orm";
import type { ExportStore } from "../export-store";
import { cardOf } from "../rows";
import * as t from "../schema";
import { CARD_COLUMNS } from "./cards";
import type { SqliteContext } from "./sqlite-context";

interface EventRow {
  seq: number;
  body: string;
  placedAt: number;
  receivedAt: number;
  locationId: string | null;
  staffName: string | null;
}

/** Exports' pages on SQLite. */
export function sqliteExports({ db, client }: SqliteContext): ExportStore {
  const events = client.prepare<[string, number, number, number, number], EventRow>(
    `SELECT e.seq, e.body, coalesce(e.placed_at, e.received_at) AS placedAt,
            e.received_at AS receivedAt, d.location_id AS locationId, s.name AS staffName
     FROM events e JOIN devices d ON d.id = e.device_id
       LEFT JOIN staff_members s ON s.id = e.staff_id
     WHERE e.merchant_id = ? AND e.seq > ?
       AND coalesce(e.placed_at, e.received_at) >= ? AND coalesce(e.placed_at, e.received_at) < ?
     ORDER BY e.seq LIMIT ?`,
  );
  return {
    async exportCards(merchantId, after, limit) {
      return db
        .select(CARD_COLUMNS)
        .from(t.cards)
        .where(and(eq(t.cards.merchantId, merchantId), after ? gt(t.cards.id, after) : undefined))
        .orderBy(asc(t.cards.id))
        .limit(limit)
        .all()
        .map(cardOf);
    },

    async exportEvents(merchantId, range, after, limit) {
      return events
        .all(merchantId, after, range.from, range.to, limit)
        .map(({ body, ...row }) => ({ ...row, event: JSON.parse(body) as StampEvent }));
    },
  };
}
