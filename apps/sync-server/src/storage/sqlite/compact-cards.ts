import type { LoggedEvent } from "@stamp/core";
import type { CardKey } from "@stamp/wire-protocol";
import { decodeSnapshot } from "../card-state-json";
import type { CompactStore } from "../compact-store";
import type { SqliteContext } from "./sqlite-context";

type Body = { body: string };

/** Reads for compact cards on SQLite (stamp-core SPEC CS1–CS4). HLCs compare byte by byte. */
export function sqliteCompactCards({ client, log }: SqliteContext): CompactStore {
  const newest = client.prepare<[string, number], { state: string; last_hlc: string }>(
    `SELECT s.state, s.last_hlc FROM card_snapshots s WHERE s.card_id = ?
       AND (SELECT count(*) FROM events e WHERE e.card_id = s.card_id AND e.hlc > s.last_hlc) >= ?
     ORDER BY s.event_count DESC LIMIT 1`,
  );
  const from = client.prepare<[string, string, string], Body>(
    "SELECT body FROM events WHERE card_id = ? AND merchant_id = ? AND hlc >= ? ORDER BY hlc, id",
  );
  const every = client.prepare<[string, string], Body>(
    "SELECT body FROM events WHERE card_id = ? AND merchant_id = ? ORDER BY hlc, id",
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
  const read = client.transaction((merchantId: string, cardId: string, tail: number | null) => {
    const at = log.maxSeq(merchantId);
    const row = tail === null ? undefined : newest.get(cardId, tail);
    const base = row ? decodeSnapshot(row.state) : null;
    if (base && base.merchantId !== merchantId) return null;
    const bodies = (
      row ? from.all(cardId, merchantId, row.last_hlc) : every.all(cardId, merchantId)
    ).map((r) => r.body);
    return bodies.length === 0 && !base ? null : { at, base, bodies };
  });
  return {
    async cardSource(merchantId, cardId, tail) {
      return read.deferred(merchantId, cardId, tail);
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
  };
}
