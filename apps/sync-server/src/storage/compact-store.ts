import type { CardState, LoggedEvent, Program } from "@stamp/core";
import type { CardKey } from "@stamp/wire-protocol";
import type { PullScope } from "./store";

/** A view a card joins when used there (SC1, SC8): a location's, or a region's. */
export type JoinedView = Exclude<PullScope, { readonly kind: "merchant" }>;

/** What a compact card (stamp-core SPEC CS1, CS2) is made from, as the store reads it. */
export interface CardSource {
  /** The merchant's log head, read before the card: every event stored by it is in what follows. */
  readonly at: number;
  /**
   * The card's program as stored at `at`, read in one snapshot with the head and the base: a
   * program read apart could be of another moment than the events (a goal edit and stamps between
   * the two reads), and the compact card folded with it would be neither's.
   */
  readonly program: Program;
  /** The card's newest snapshot the store keeps (C13); null: none, or the whole history was asked. */
  readonly base: CardState | null;
  /** The card's events stored by `at` (canonical JSON): from the base's HLC on, or every one. */
  readonly bodies: readonly string[];
}

/** Reads for tills that hold cards as compact state (wire protocol 5). */
export interface CompactStore {
  /**
   * What each of the merchant's cards `cardIds` is made of now: the newest snapshot with at least
   * `tail` events after it (so they can stay events) and the events from it on, or with `tail` null
   * every event and no snapshot, and its program; read together (one read per table, whatever the
   * number of cards) as of one log head, in one snapshot with the programs and snapshots. A card
   * the merchant has no event of is absent.
   */
  cardSources(
    merchantId: string,
    cardIds: readonly string[],
    tail: number | null,
  ): Promise<Map<string, CardSource>>;
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
  /**
   * The next `limit` cards of a location's or region's view (`card_scopes`, `card_regions`) after
   * the card `after` (null: from the first) in card id order, read from an index, of those `of`
   * names: the pages of a pull of the view's cards.
   */
  viewCards(
    merchantId: string,
    view: JoinedView,
    after: string | null,
    limit: number,
    of: ViewCardsOf,
  ): Promise<string[]>;
  /**
   * The merchant's next `limit` cards enrolled after `since` (ms) that were of no location at the log
   * position `at` (no till had used them by then: SC2's new cards), after `after` (null: from the
   * first) in (enrolment, card id) order, read from an index.
   */
  newCardsOfNoLocation(
    merchantId: string,
    since: number,
    at: number,
    after: NewCardKey | null,
    limit: number,
  ): Promise<NewCardKey[]>;
}

/**
 * Which of a view's cards a page of `viewCards` takes: those that joined the view by `position` (a
 * first pull: later ones come with the view's events), or those a till does not hold at
 * `position` — all but the cards that joined one of the locations whose cards it holds by then
 * (a join: its own location's, and those of the region its cursor was read in, SC8).
 */
export type ViewCardsOf =
  | { readonly kind: "joined"; readonly position: number }
  | {
      readonly kind: "not-held";
      readonly locationIds: readonly string[];
      readonly position: number;
    };

/** A card of no location in the order a first pull pages them: by enrolment, then id. */
export interface NewCardKey {
  readonly createdAt: number;
  readonly cardId: string;
}
