import type { LoggedEvent } from "@stamp/core";
import type { CardKey } from "@stamp/wire-protocol";
import { decodeSnapshot } from "../card-state-json";
import type { CompactStore } from "../compact-store";
import type { PgContext } from "./pg-context";

type Body = { body: string };

/** Reads for compact cards on PostgreSQL (stamp-core SPEC CS1–CS4). HLCs compare byte by byte. */
export function pgCompactCards(context: PgContext): CompactStore {
  return {
    async cardSource(merchantId, cardId, tail) {
      // The head first: every event it covers has committed, so the card's read below holds it.
      const [row] = await context.query<{
        at: number | null;
        state: string | null;
        hlc: string | null;
      }>(
        "compact-base",
        `SELECT (SELECT head FROM merchant_logs WHERE merchant_id = $1) AS at, s.state, s.last_hlc AS hlc
         FROM (SELECT 1) one LEFT JOIN LATERAL (
           SELECT state, last_hlc FROM card_snapshots s WHERE s.card_id = $2 AND $3::int IS NOT NULL
             AND (SELECT count(*) FROM events e WHERE e.card_id = s.card_id
                    AND e.hlc COLLATE "C" > s.last_hlc COLLATE "C") >= $3::int
           ORDER BY event_count DESC LIMIT 1) s ON true`,
        [merchantId, cardId, tail],
      );
      const base = row?.state ? decodeSnapshot(row.state) : null;
      if (base && base.merchantId !== merchantId) return null;
      const rows = row?.hlc
        ? await context.query<Body>(
            "compact-tail",
            `SELECT body FROM events WHERE card_id = $1 AND merchant_id = $2
               AND hlc COLLATE "C" >= $3 ORDER BY hlc COLLATE "C", id COLLATE "C"`,
            [cardId, merchantId, row.hlc],
          )
        : await context.query<Body>(
            "compact-whole",
            `SELECT body FROM events WHERE card_id = $1 AND merchant_id = $2
             ORDER BY hlc COLLATE "C", id COLLATE "C"`,
            [cardId, merchantId],
          );
      const bodies = rows.map((r) => r.body);
      return bodies.length === 0 && !base ? null : { at: Number(row?.at ?? 0), base, bodies };
    },

    async cardPositions(merchantId, from) {
      if (from.length === 0) return [];
      const rows = await context.query<LoggedEvent & { seq: string | number }>(
        "compact-positions",
        `SELECT e.seq, e.card_id AS "cardId", e.hlc, e.id
         FROM unnest($2::text[], $3::text[]) AS f(card_id, hlc)
         JOIN events e ON e.card_id = f.card_id AND e.hlc COLLATE "C" >= f.hlc COLLATE "C"
         WHERE e.merchant_id = $1`,
        [merchantId, from.map((f) => f.cardId), from.map((f) => f.hlc)],
      );
      return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
    },

    async joinedAt(merchantId, view, cardIds) {
      if (cardIds.length === 0) return new Map();
      const unique = [...new Set(cardIds)];
      type Joined = { card_id: string; joined_seq: string | number };
      const rows =
        view.kind === "location"
          ? await context.query<Joined>(
              "compact-joined",
              `SELECT card_id, joined_seq FROM card_scopes
               WHERE merchant_id = $1 AND location_id = $2 AND card_id = ANY($3::text[])`,
              [merchantId, view.locationId, unique],
            )
          : await context.query<Joined>(
              "compact-joined-region",
              `SELECT card_id, joined_seq FROM card_regions
               WHERE merchant_id = $1 AND region_id = $2 AND card_id = ANY($3::text[])`,
              [merchantId, view.regionId, unique],
            );
      return new Map(rows.map((r) => [r.card_id, Number(r.joined_seq)]));
    },

    async merchantCards(merchantId, after, limit) {
      // In index order (`cards_merchant_program`), from a row value: no page sorts the cards.
      return context.query<CardKey>(
        "compact-merchant-cards",
        `SELECT program_id AS "programId", id AS "cardId" FROM cards
         WHERE merchant_id = $1 AND (program_id, id) > ($2, $3) ORDER BY program_id, id LIMIT $4`,
        [merchantId, after?.programId ?? "", after?.cardId ?? "", limit],
      );
    },
  };
}
