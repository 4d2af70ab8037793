import type { CardState, LoggedEvent } from "@stamp/core";
import type { CardKey } from "@stamp/wire-protocol";
import { type CardProgramRow, cardPrograms, cardSourcesFrom } from "../card-sources";
import { decodeSnapshot } from "../card-state-json";
import type { CompactStore, NewCardKey } from "../compact-store";
import { merchantCardsById } from "./merchant-cards-by-id";
import type { SqliteContext } from "./sqlite-context";

/**
 * The merchant's cards of a page (a JSON array of ids) and their programs, each program's body
 * once; the cards read by their ids (`merchantCardsById`, `compact-cards.test.ts`).
 */
export const CARD_PROGRAMS = `SELECT c.id AS cardId, c.program_id AS programId,
       CASE WHEN row_number() OVER (PARTITION BY c.program_id) = 1 THEN p.body END AS program
     FROM cards c JOIN programs p ON p.id = c.program_id
     WHERE ${merchantCardsById("?", "?")}`;

/** Reads for compact cards on SQLite (stamp-core SPEC CS1–CS4). HLCs compare byte by byte. */
export function sqliteCompactCards({ client, log }: SqliteContext): CompactStore {
  const programs = client.prepare<[string, string], CardProgramRow>(CARD_PROGRAMS);
  // Newest first per card: the first row of each card is its base.
  const newest = client.prepare<[string, number], { cardId: string; state: string; hlc: string }>(
    `SELECT s.card_id AS cardId, s.state, s.last_hlc AS hlc FROM card_snapshots s
     WHERE s.card_id IN (SELECT value FROM json_each(?))
       AND (SELECT count(*) FROM events e WHERE e.card_id = s.card_id AND e.hlc > s.last_hlc) >= ?
     ORDER BY s.card_id, s.event_count DESC`,
  );
  // Each card's events from its base's HLC on (`[card, hlc]` pairs; "" for every event), by the
  // card's index (`events_card_hlc`): CROSS JOIN keeps the pairs outside, else SQLite reads the
  // merchant's whole log by its own index.
  const from = client.prepare<[string, string], { cardId: string; body: string }>(
    `SELECT e.card_id AS cardId, e.body FROM json_each(?) j
     CROSS JOIN events e ON e.card_id = json_extract(j.value, '$[0]')
       AND e.hlc >= json_extract(j.value, '$[1]')
     WHERE e.merchant_id = ? ORDER BY j.key, e.hlc, e.id`,
  );
  // A card's events from an HLC on (`events_card_hlc`), which for a recent HLC are few.
  const positions = client.prepare<[string, string, string], LoggedEvent>(
    "SELECT seq, card_id AS cardId, hlc, id FROM events WHERE card_id = ? AND hlc >= ? AND merchant_id = ?",
  );
  const joinedLocation = client.prepare<[string, string, string], { joined_seq: number }>(
    "SELECT joined_seq FROM card_scopes WHERE card_id = ? AND location_id = ? AND merchant_id = ?",
  );
  const joinedRegion = client.prepare<[string, string, string], { joined_seq: number }>(
    "SELECT joined_seq FROM card_regions WHERE card_id = ? AND region_id = ? AND merchant_id = ?",
  );
  // In index order (`cards_merchant_program`), from a row value: no page sorts the merchant's cards.
  const cardsAfter = client.prepare<[string, string, string, number], CardKey>(
    `SELECT program_id AS programId, id AS cardId FROM cards
     WHERE merchant_id = ? AND (program_id, id) > (?, ?) ORDER BY program_id, id LIMIT ?`,
  );
  // A view's cards in index order (`card_scopes_location_card`, `card_regions_region_card`), those
  // joined by a position and not held by any of some locations (a JSON array) at a position.
  type ViewParams = [string, string, string, number, string, number, number];
  const ofView = `AND c.card_id > ? AND c.joined_seq <= ? AND NOT EXISTS (
       SELECT 1 FROM card_scopes h WHERE h.card_id = c.card_id
         AND h.location_id IN (SELECT value FROM json_each(?)) AND h.joined_seq <= ?) ORDER BY c.card_id LIMIT ?`;
  const locationCards = client.prepare<ViewParams, { cardId: string }>(
    `SELECT c.card_id AS cardId FROM card_scopes c
     WHERE c.location_id = ? AND c.merchant_id = ? ${ofView}`,
  );
  const regionCards = client.prepare<ViewParams, { cardId: string }>(
    `SELECT c.card_id AS cardId FROM card_regions c
     WHERE c.region_id = ? AND c.merchant_id = ? ${ofView}`,
  );
  // In index order (`cards_merchant_created`); a card's first location is in `card_scopes`.
  const newCards = client.prepare<[string, number, number, string, number, number], NewCardKey>(
    `SELECT c.created_at AS createdAt, c.id AS cardId FROM cards c
     WHERE c.merchant_id = ? AND c.created_at > ? AND (c.created_at, c.id) > (?, ?)
       AND NOT EXISTS (SELECT 1 FROM card_scopes s WHERE s.card_id = c.id AND s.joined_seq <= ?)
     ORDER BY c.created_at, c.id LIMIT ?`,
  );
  // One read transaction: the programs, the bases and the head are of one snapshot of the file.
  const sources = client.transaction(
    (merchantId: string, cardIds: readonly string[], tail: number | null) => {
      const at = log.maxSeq(merchantId);
      const byCard = cardPrograms(programs.all(JSON.stringify([...new Set(cardIds)]), merchantId));
      const ids = JSON.stringify([...byCard.keys()]);
      // Each card's newest snapshot that can take the tail.
      const bases = new Map<string, { readonly state: CardState; readonly hlc: string }>();
      if (tail !== null)
        for (const row of newest.all(ids, tail))
          if (!bases.has(row.cardId))
            bases.set(row.cardId, { state: decodeSnapshot(row.state), hlc: row.hlc });
      const pairs = [...byCard.keys()].map((id) => [id, bases.get(id)?.hlc ?? ""]);
      return cardSourcesFrom(byCard, at, bases, from.all(JSON.stringify(pairs), merchantId));
    },
  );
  return {
    async cardSources(merchantId, cardIds, tail) {
      return sources.deferred(merchantId, cardIds, tail);
    },
    async cardPositions(merchantId, from) {
      return from.flatMap(({ cardId, hlc }) => positions.all(cardId, hlc, merchantId));
    },
    async joinedAt(merchantId, view, cardIds) {
      const [joined, viewId] =
        view.kind === "location"
          ? [joinedLocation, view.locationId]
          : [joinedRegion, view.regionId];
      const at = new Map<string, number>();
      for (const cardId of new Set(cardIds)) {
        const row = joined.get(cardId, viewId, merchantId);
        if (row) at.set(cardId, row.joined_seq);
      }
      return at;
    },
    async merchantCards(merchantId, after, limit) {
      return cardsAfter.all(merchantId, after?.programId ?? "", after?.cardId ?? "", limit);
    },
    async viewCards(merchantId, view, after, limit, of) {
      const [cards, viewId] =
        view.kind === "location" ? [locationCards, view.locationId] : [regionCards, view.regionId];
      const [joinedBy, heldBy, heldAt]: [number, readonly string[], number] =
        of.kind === "joined"
          ? [of.position, [], 0]
          : [Number.MAX_SAFE_INTEGER, of.locationIds, of.position];
      return cards
        .all(viewId, merchantId, after ?? "", joinedBy, JSON.stringify(heldBy), heldAt, limit)
        .map((row) => row.cardId);
    },
    async newCardsOfNoLocation(merchantId, since, at, after, limit) {
      const [createdAt, cardId] = after ? [after.createdAt, after.cardId] : [since, ""];
      return newCards.all(merchantId, since, createdAt, cardId, at, limit);
    },
  };
}
