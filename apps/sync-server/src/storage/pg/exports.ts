import type { StampEvent } from "@stamp/core";
import { and, asc, eq, gt } from "drizzle-orm";
import type { ExportStore } from "../export-store";
import { cardOf } from "../rows";
import { CARD_COLUMNS } from "./cards";
import type { PgContext } from "./pg-context";
import * as t from "./schema";

interface EventRow {
  seq: number;
  body: string;
  placedAt: number;
  receivedAt: number;
  locationId: string | null;
  staffName: string | null;
}

/** Exports' pages on PostgreSQL. */
export function pgExports({ db, query }: PgContext): ExportStore {
  return {
    async exportCards(merchantId, after, limit) {
      const rows = await db
        .select(CARD_COLUMNS)
        .from(t.cards)
        .where(and(eq(t.cards.merchantId, merchantId), after ? gt(t.cards.id, after) : undefined))
        .orderBy(asc(t.cards.id))
        .limit(limit);
      return rows.map(cardOf);
    },

    async exportEvents(merchantId, range, after, limit) {
      const rows = await query<EventRow>(
        "export-events",
        `SELECT e.seq, e.body, coalesce(e.placed_at, e.received_at) AS "placedAt",
                e.received_at AS "receivedAt", d.location_id AS "locationId",
                s.name AS "staffName"
         FROM events e JOIN devices d ON d.id = e.device_id
           LEFT JOIN staff_members s ON s.id = e.staff_id
         WHERE e.merchant_id = $1 AND e.seq > $2
           AND coalesce(e.placed_at, e.received_at) >= $3
           AND coalesce(e.placed_at, e.received_at) < $4
         ORDER BY e.seq LIMIT $5`,
        [merchantId, after, range.from, range.to, limit],
      );
      return rows.map(({ body, ...row }) => ({ ...row, event: JSON.parse(body) as StampEvent }));
    },
  };
}
