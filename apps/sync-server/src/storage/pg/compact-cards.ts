import type { CardState, LoggedEvent } from "@stamp/core";
import type { CardKey } from "@stamp/wire-protocol";
import { type CardProgramRow, cardPrograms, cardSourcesFrom } from "../card-sources";
import { decodeSnapshot } from "../card-state-json";
import type { CompactStore, NewCardKey } from "../compact-store";
import type { PgContext } from "./pg-context";

/** Reads for compact cards on PostgreSQL (stamp-core SPEC CS1–CS4). HLCs compare byte by byte. */
export function pgCompactCards(context: PgContext): CompactStore {
  return {
    async cardSources(merchantId, cardIds, tail) {
      // One statement, so one snapshot: the head (every event it covers has committed, so the
      // read below holds them), the merchant's cards of the page with their programs (each body
      // once) and each card's newest snapshot that can take the tail, by its key.
      const cards = await context.read<
        CardProgramRow & { head: string | number | null; state: string | null; hlc: string | null }
      >(
        "compact-sources",
        `SELECT (SELECT head FROM merchant_logs WHERE merchant_id = $1) AS head,
           c.id AS "cardId", c.program_id AS "programId",
           CASE WHEN row_number() OVER (PARTITION BY c.program_id) = 1 THEN p.body END AS program,
           b.state, b.hlc
         FROM cards c JOIN programs p ON p.id = c.program_id
         LEFT JOIN LATERAL (
           SELECT s.state, s.last_hlc AS hlc FROM card_snapshots s
           WHERE $3::int IS NOT NULL AND s.card_id = c.id
             AND (SELECT count(*) FROM events e WHERE e.card_id = s.card_id
                    AND e.hlc COLLATE "C" > s.last_hlc COLLATE "C") >= $3::int
           ORDER BY s.event_count DESC LIMIT 1) b ON true
         WHERE c.id = ANY($2::text[]) AND c.merchant_id = $1`,
        [merchantId, [...new Set(cardIds)], tail],
      );
      if (cards.length === 0) return new Map();
      const bases = new Map<string, { readonly state: CardState; readonly hlc: string }>();
      for (const card of cards)
        if (card.state !== null && card.hlc !== null)
          bases.set(card.cardId, { state: decodeSnapshot(card.state), hlc: card.hlc });
      const ids = cards.map((card) => card.cardId);
      const at = Number(cards[0]?.head ?? 0);
      // Each card's events from its base's HLC on ("": every event), in the card's order, those
      // stored by the head: what the statement above saw, though this one reads a later snapshot.
      const rows = await context.read<{ cardId: string; body: string }>(
        "compact-bodies",
        `SELECT e.card_id AS "cardId", e.body FROM unnest($1::text[], $2::text[]) AS b(card_id, hlc)
         JOIN events e ON e.card_id = b.card_id AND e.hlc COLLATE "C" >= b.hlc COLLATE "C"
         WHERE e.merchant_id = $3 AND e.seq <= $4
         ORDER BY e.card_id, e.hlc COLLATE "C", e.id COLLATE "C"`,
        [ids, ids.map((id) => bases.get(id)?.hlc ?? ""), merchantId, at],
      );
      return cardSourcesFrom(cardPrograms(cards), at, bases, rows);
    },

    async cardPositions(merchantId, from) {
      if (from.length === 0) return [];
      const rows = await context.read<LoggedEvent & { seq: string | number }>(
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
          ? await context.read<Joined>(
              "compact-joined",
              `SELECT card_id, joined_seq FROM card_scopes
               WHERE merchant_id = $1 AND location_id = $2 AND card_id = ANY($3::text[])`,
              [merchantId, view.locationId, unique],
            )
          : await context.read<Joined>(
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

    async viewCards(merchantId, view, after, limit, of) {
      // In index order (`card_scopes_location_card`, `card_regions_region_card`), those joined by
      // a position and not held by any of some locations at a position.
      const [name, table, column, viewId] =
        view.kind === "location"
          ? ["compact-location-cards", "card_scopes", "location_id", view.locationId]
          : ["compact-region-cards", "card_regions", "region_id", view.regionId];
      const bounds =
        of.kind === "joined"
          ? [of.position, [], 0]
          : [Number.MAX_SAFE_INTEGER, of.locationIds, of.position];
      const rows = await context.query<{ card_id: string }>(
        name,
        `SELECT c.card_id FROM ${table} c
         WHERE c.${column} = $1 AND c.merchant_id = $2 AND c.card_id > $3 AND c.joined_seq <= $4
           AND NOT EXISTS (SELECT 1 FROM card_scopes h WHERE h.card_id = c.card_id
             AND h.location_id = ANY($5::text[]) AND h.joined_seq <= $6)
         ORDER BY c.card_id LIMIT $7`,
        [viewId, merchantId, after ?? "", ...bounds, limit],
      );
      return rows.map((row) => row.card_id);
    },

    async newCardsOfNoLocation(merchantId, since, at, after, limit) {
      // In index order (`cards_merchant_created`); a card's first location is in `card_scopes`.
      const rows = await context.query<{ created_at: string | number; card_id: string }>(
        "compact-new-cards",
        `SELECT c.created_at, c.id AS card_id FROM cards c
         WHERE c.merchant_id = $1 AND c.created_at > $2 AND (c.created_at, c.id) > ($3, $4)
           AND NOT EXISTS (SELECT 1 FROM card_scopes s WHERE s.card_id = c.id AND s.joined_seq <= $5)
         ORDER BY c.created_at, c.id LIMIT $6`,
        [merchantId, since, after?.createdAt ?? since, after?.cardId ?? "", at, limit],
      );
      return rows.map(
        (row): NewCardKey => ({ createdAt: Number(row.created_at), cardId: row.card_id }),
      );
    },
  };
}
