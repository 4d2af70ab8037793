import {
  type CardKey,
  type CompactCardBody,
  type CursorPosition,
  cursorText,
} from "@stamp/wire-protocol";
import type { Services } from "../services";
import type { DeviceRecord, PullScope } from "../storage/store";
import { compactCardBody, programReader } from "./compact-card-body";
import { pullStart } from "./pull-scope";
import type { PullPoint, SyncResult } from "./sync-batch";

/** Cards in one page of a first pull of compact cards: about an event page's bytes (~300 KB). */
export const FIRST_PULL_CARDS = 100;

/** Where a till of protocol 5 is in its first pull of the merchant's cards. */
export interface FirstPull {
  /** The merchant's log position when the pull began: its events go on from here. */
  readonly base: number;
  /** The last card sent; null before the first. */
  readonly after: CardKey | null;
}

/**
 * Whether a till of protocol 5 pulling the merchant's scope from `cursor` is in a first pull of
 * compact cards (`firstPullPage`): it is when its cursor says so, or when it would pull the
 * merchant's log from the start and the log holds events (`head`, read before the round).
 */
export function firstPull(
  cursor: Exclude<CursorPosition, "start-over">,
  scope: PullScope,
  head: number,
): FirstPull | null {
  if (scope.kind !== "merchant") return null;
  if (cursor.cardsAfter && cursor.scope === "merchant")
    return { base: cursor.position, after: cursor.cardsAfter };
  return pullStart(cursor, scope) === 0 && head > 0 ? { base: head, after: null } : null;
}

/**
 * A first pull of the merchant scope by a till of protocol 5 (stamp-core SPEC CS7): every card of
 * the merchant as compact state, `limit` cards a page in (program, card) order, instead of every
 * event of every card. Each card is read after `base` (the log's head when the pull began), so
 * once every card is sent the till holds every event up to `base`, and its cursor becomes `base`
 * in the merchant's view: later events, late ones and cards enrolled meanwhile come from there as
 * in any pull (a card sent already comes again as a merge). A page holds `limit` cards, whatever
 * the merchant's size: the server's memory is bounded by the page, not by the merchant.
 */
export async function firstPullPage(
  services: Services,
  device: DeviceRecord,
  from: FirstPull,
  limit = FIRST_PULL_CARDS,
): Promise<
  Pick<SyncResult, "events" | "cards" | "cursor" | "more"> & { readonly pulled: PullPoint }
> {
  const { store } = services;
  const merchantId = device.merchantId;
  const keys = await store.merchantCards(merchantId, from.after, limit);
  const programOf = programReader(store, merchantId);
  const cards: CompactCardBody[] = [];
  for (const key of keys) {
    const card = await compactCardBody(store, programOf, merchantId, key.cardId);
    if (card) cards.push(card);
  }
  const last = keys[keys.length - 1];
  const pulled: PullPoint = { scope: { kind: "merchant" }, position: from.base, compact: true };
  const epoch = services.logEpoch;
  if (keys.length === limit && last)
    return {
      events: [],
      cards,
      cursor: cursorText(from.base, epoch, "merchant", undefined, last),
      more: true,
      pulled,
    };
  const head = await store.maxSeq(merchantId);
  return {
    events: [],
    cards,
    cursor: cursorText(from.base, epoch, "merchant"),
    more: head > from.base,
    pulled,
  };
}
