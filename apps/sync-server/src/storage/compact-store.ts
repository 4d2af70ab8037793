import type { CardState, LoggedEvent } from "@stamp/core";
import type { CardKey } from "@stamp/wire-protocol";
import type { PullScope } from "./store";

/** A view a card joins when used there (SC1, SC8): a location's, or a region's. */
export type JoinedView = Exclude<PullScope, { readonly kind: "merchant" }>;

/** What a compact card (stamp-core SPEC CS1, CS2) is made from, as the store reads it. */
export interface CardSource {
  /** The merchant's log head, read before the card: every event stored by it is in what follows. */
  readonly at: number;
  /** The card's newest snapshot the store keeps (C13); null: none, or the whole history was asked. */
  readonly base: CardState | null;
  /** The card's stored events (canonical JSON): from the base's HLC on, or every one without it. */
  readonly bodies: readonly string[];
}

/** Reads for tills that hold cards as compact state (wire protocol 5). */
export interface CompactStore {
  /**
   * What the merchant's card is made of now: the newest snapshot with at least `tail` events after
   * it (so they can stay events) and the events from it on, or with `tail` null every event and no
   * snapshot. Null when the merchant has no event of that card.
   */
  cardSource(merchantId: string, cardId: string, tail: number | null): Promise<CardSource | null>;
  /**
   * Each of the merchant's cards `from` names, its events from that HLC on (at or after it), each
   * with its log position: what tells the events too late to go out on their own (SPEC CS4,
   * stamp-core `tooLate`), one read per card whatever the number of its events asked about.
   */
  cardPositions(
    merchantId: string,
    from: readonly { readonly cardId: string; readonly hlc: string }[],
  ): Promise<LoggedEvent[]>;
  /**
   * Where each of `cardIds` joined the location's or region's view of the log (SC1, SC8:
   * `card_scopes`, `card_regions`); absent: it has not.
   */
  joinedAt(
    merchantId: string,
    view: JoinedView,
    cardIds: readonly string[],
  ): Promise<Map<string, number>>;
  /**
   * The merchant's next `limit` cards after `after` (null: from the first) in (program id, card
   * id) order, each as its key: the pages of a first pull of compact cards, read from an index.
   */
  merchantCards(merchantId: string, after: CardKey | null, limit: number): Promise<CardKey[]>;
}
