import type { CompactCard, StampEvent } from "@stamp/core";
import type { HttpResult } from "../api/http";
import type { CardLedger } from "../cards/card-ledger";
import { readCardRecordsFor } from "../storage/card-records";
import { compactStores, storeCompactCard } from "../storage/compact-store";
import type { StampDb } from "../storage/db";
import type { Durable } from "../storage/storage-guard";
import { type CardFetchDeps, fetchCard, fetchUnheldCard } from "../sync/card-fetch";

export interface CardRefreshDeps {
  readonly db: StampDb;
  readonly durable: Durable;
  readonly ledger: CardLedger;
  /** `GET /api/v1/sync/cards/:cardId`. */
  readonly get: (cardId: string) => Promise<HttpResult>;
  /** Tells other tabs these cards changed. */
  readonly announce: (cardIds: readonly string[]) => void;
  /** Events a server before protocol 5 sent, once durable: folded as pulled ones. */
  readonly pulled: (events: readonly StampEvent[]) => void;
}

export interface CardRefresh {
  /** A scanned card the till holds nothing of, or one in doubt (SPEC SC5, CS5): the server's now. */
  scanned(cardId: string): Promise<void>;
  /** After a sync: the cards whose snapshot may lack an event of this till, one by one (CS5). */
  settle(): Promise<void>;
}

/** Fetches cards from the server and keeps them beside what the till holds. Never fails. */
export function cardRefresh(deps: CardRefreshDeps): CardRefresh {
  const { db, durable, ledger } = deps;

  /** Reads a card again from IndexedDB into memory, events arriving meanwhile included. */
  const reread = async (cardId: string): Promise<void> => {
    ledger.expect(cardId);
    try {
      const [read] = await durable(() => readCardRecordsFor(db, [cardId], ledger.begin));
      if (read) ledger.adopt(read);
      else ledger.abandon(cardId);
    } catch {
      ledger.abandon(cardId);
      ledger.forget([cardId]);
    }
  };

  const fetching: CardFetchDeps = {
    // A card memory holds is not read again: the check sits between the scan and its write.
    holds: async (id) =>
      ledger.holds(id) ||
      durable(async () => {
        const logged = await db.log.where("cardId").equals(id).limit(1).count();
        return logged > 0 || (await db.snapshots.get(id)) !== undefined;
      }),
    get: deps.get,
    keep: async (card: CompactCard) => {
      const kept = await durable(() =>
        db.transaction("rw", compactStores(db), () => storeCompactCard(db, card)),
      );
      if (kept === "stale") return kept;
      await reread(card.cardId);
      deps.announce([card.cardId]);
      return kept;
    },
    merge: async (events) => {
      await durable(() => db.log.bulkPut([...events]));
      deps.pulled(events);
    },
  };

  let settling: Promise<void> | null = null;
  return {
    async scanned(cardId) {
      const unsettled = ledger.unsettledCards().includes(cardId);
      await (unsettled ? fetchCard(fetching, cardId) : fetchUnheldCard(fetching, cardId)).catch(
        () => "unavailable",
      );
    },
    settle() {
      settling ??= (async () => {
        for (const cardId of ledger.unsettledCards())
          if ((await fetchCard(fetching, cardId).catch(() => "unavailable")) === "unavailable")
            return;
      })().finally(() => {
        settling = null;
      });
      return settling;
    },
  };
}
