import {
  type CardKey,
  type CursorPosition,
  cursorText,
  type ViewCardsMark,
  viewCardsMark,
  viewCardsPair,
} from "@stamp/wire-protocol";
import type { Services } from "../services";
import { newCardsSince } from "../storage/append/scope-entries";
import type { JoinedView, NewCardKey } from "../storage/compact-store";
import type { DeviceRecord, PullScope } from "../storage/store";
import { compactCardBodies, programReader } from "./compact-card-body";
import { pullStart, scopeCursor } from "./pull-scope";
import type { PullPoint } from "./round-page";
import type { SyncResult } from "./sync-batch";

/** Cards in one page of a first pull of compact cards: about an event page's bytes (~300 KB). */
export const FIRST_PULL_CARDS = 100;

/**
 * Where a till of protocol 5 is in a pull of compact cards (stamp-core SPEC CS7): the cards it
 * lacks go out a page at a time, each read after `base`, then its scope's events go on from `base`.
 */
export type CardPull =
  /** A first pull of the merchant's cards, in (program, card) order after `after`. */
  | { readonly kind: "merchant"; readonly base: number; readonly after: CardKey | null }
  /**
   * A first pull of a location's or region's view (`base`: the log's head when it began): its
   * cards, then the new cards of no location (SC2) enrolled after `since` (fixed when it began).
   */
  | {
      readonly kind: "view";
      readonly view: JoinedView;
      readonly base: number;
      readonly since: number;
      readonly after:
        | { readonly phase: "view"; readonly cardId: string }
        | { readonly phase: "new"; readonly card: NewCardKey }
        | null;
    }
  /**
   * A join (SC8): the till's location is now in the region `view` (it joined it, or the region
   * gained a location), and the till holds up to `base` its location's cards and, when `held` names
   * a region version (its cursor was read there), the cards of the locations the region had at it
   * (`regionMembers`): the region's cards it does not hold, then the region's events from `base`.
   */
  | {
      readonly kind: "join";
      readonly view: JoinedView & { readonly kind: "region" };
      readonly base: number;
      readonly locationId: string;
      readonly held: number | null;
      readonly after: string | null;
    };

/** The cursor was read in `scope`'s view as it is now (the region's membership version too). */
function sameView(cursor: Exclude<CursorPosition, "start-over">, scope: JoinedView): boolean {
  return scope.kind === "region"
    ? cursor.scope === "region" && cursor.region === scope.version
    : cursor.scope === "location";
}

/**
 * Whether a till of protocol 5 pulling `scope` from `cursor` is in a pull of compact cards
 * (`cardPullPage`), and where: when its cursor says so; when it would pull its scope from the start
 * and the log (`head`, read before the round) holds events; or, in a region scope, when its cursor
 * was read in its location's view or in another version of a region (a join: its location joined
 * the region, or the region gained a location). `now`: the server's time.
 */
export function cardPull(
  cursor: Exclude<CursorPosition, "start-over">,
  scope: PullScope,
  head: number,
  device: DeviceRecord,
  now: number,
): CardPull | null {
  const { position, cardsAfter } = cursor;
  if (scope.kind === "merchant") {
    if (cardsAfter && cursor.scope === "merchant")
      return { kind: "merchant", base: position, after: cardsAfter };
    return pullStart(cursor, scope) === 0 && head > 0
      ? { kind: "merchant", base: head, after: null }
      : null;
  }
  const mark = cardsAfter && cursor.scope !== "merchant" ? viewCardsMark(cardsAfter) : null;
  if (mark && sameView(cursor, scope)) return resumed(mark, scope, position, device);
  if (pullStart(cursor, scope) !== 0) return null;
  // A cursor of the location's view, or of a region's, with nothing or a join midway after it.
  const holds =
    position > 0 && cursor.scope !== "merchant" && (!cardsAfter || mark?.phase === "join");
  if (scope.kind === "region" && device.locationId !== null && holds) {
    // The region version whose locations' cards the till holds: its cursor's, or a join's midway.
    const held = mark?.phase === "join" ? mark.held : (cursor.region ?? null);
    return {
      kind: "join",
      view: scope,
      base: position,
      locationId: device.locationId,
      held,
      after: null,
    };
  }
  return head > 0
    ? { kind: "view", view: scope, base: head, since: newCardsSince(now), after: null }
    : null;
}

/** A pull of the view's cards that a cursor of this view left midway. */
function resumed(
  mark: ViewCardsMark,
  view: JoinedView,
  base: number,
  device: DeviceRecord,
): CardPull | null {
  switch (mark.phase) {
    case "view":
      return { kind: "view", view, base, since: mark.since, after: mark };
    case "new": {
      const card = { createdAt: mark.enrolled, cardId: mark.cardId };
      return { kind: "view", view, base, since: mark.since, after: { phase: "new", card } };
    }
    case "join":
      return view.kind === "region" && device.locationId !== null
        ? {
            kind: "join",
            view,
            base,
            locationId: device.locationId,
            held: mark.held,
            after: mark.cardId,
          }
        : null;
    default: {
      const unreachable: never = mark;
      throw new Error(`unknown mark ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The next `limit` cards of `pull` and the cursor's mark after the last of them. */
async function nextCards(
  services: Services,
  merchantId: string,
  pull: CardPull,
  limit: number,
): Promise<{ readonly cardIds: readonly string[]; readonly mark: CardKey | null }> {
  const { store } = services;
  switch (pull.kind) {
    case "merchant": {
      const keys = await store.merchantCards(merchantId, pull.after, limit);
      return { cardIds: keys.map((key) => key.cardId), mark: keys[keys.length - 1] ?? null };
    }
    case "join": {
      const { locationId, held, base } = pull;
      const listed = held === null ? [] : await store.regionMembers(merchantId, held);
      const of = {
        kind: "not-held",
        locationIds: [locationId, ...listed],
        position: base,
      } as const;
      const cardIds = await store.viewCards(merchantId, pull.view, pull.after, limit, of);
      const last = cardIds[cardIds.length - 1];
      return { cardIds, mark: last ? viewCardsPair({ phase: "join", held, cardId: last }) : null };
    }
    case "view": {
      const { view, base, since, after } = pull;
      const cardIds =
        after?.phase === "new"
          ? []
          : await store.viewCards(merchantId, view, after?.cardId ?? null, limit, {
              kind: "joined",
              position: base,
            });
      const last = cardIds[cardIds.length - 1];
      if (cardIds.length === limit && last)
        return { cardIds, mark: viewCardsPair({ phase: "view", since, cardId: last }) };
      const from = after?.phase === "new" ? after.card : null;
      const fresh = await store.newCardsOfNoLocation(
        merchantId,
        since,
        base,
        from,
        limit - cardIds.length,
      );
      const newest = fresh[fresh.length - 1];
      const mark: ViewCardsMark | null = newest
        ? { phase: "new", since, enrolled: newest.createdAt, cardId: newest.cardId }
        : last
          ? { phase: "view", since, cardId: last }
          : null;
      return {
        cardIds: [...cardIds, ...fresh.map((card) => card.cardId)],
        mark: mark && viewCardsPair(mark),
      };
    }
    default: {
      const unreachable: never = pull;
      throw new Error(`unknown card pull ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Rows of a region's view read at once when looking for cards that left it (`leftMidway`). */
const LEFT_ROWS = 1_000;

/**
 * At the end of a pull of a region's cards, the cards with events in the region's view after
 * `base` (up to `head`) that are not in the region now: a location left it midway (SC8, without a
 * new version), so its cards the pull had not reached yet were never sent, yet their events after
 * `base` up to the leave stay in the view, and the till, pulling on from `base`, would fold them
 * alone (`compact-leave.test.ts`). They go out whole with the last page. A new card of no location
 * (in no region yet) with an event after `base` but enrolled before it goes out again (sent in the
 * pull's new cards already: a merge). Reads only the view's rows since the pull began, and the
 * events of the cards not in the region.
 */
async function leftMidway(
  services: Services,
  device: DeviceRecord,
  pull: Exclude<CardPull, { readonly kind: "merchant" }>,
  head: number,
): Promise<string[]> {
  const { view, base } = pull;
  if (view.kind !== "region") return [];
  const seen = new Set<string>();
  for (let from = base; from < head; ) {
    const page = await services.scopeTail.page(device, view, from, LEFT_ROWS, {
      kind: "asked",
      head,
    });
    for (const row of page.rows) seen.add(row.cardId);
    if (!page.more || page.cursor <= from) break;
    from = page.cursor;
  }
  if (seen.size === 0) return [];
  const { store } = services;
  const joined = await store.joinedAt(device.merchantId, view, [...seen]);
  const notIn = [...seen].filter((cardId) => !joined.has(cardId));
  if (notIn.length === 0) return [];
  // A card whose first event is after `base` (enrolled since, of no location yet) comes whole in
  // the events that follow.
  const since = notIn.map((cardId) => ({ cardId, hlc: "" }));
  const before = new Set<string>();
  for (const { seq, cardId } of await store.cardPositions(device.merchantId, since))
    if (seq <= base) before.add(cardId);
  return notIn.filter((cardId) => before.has(cardId));
}

/**
 * One page of a pull of compact cards by a till of protocol 5 (stamp-core SPEC CS7, SC8): `limit`
 * cards as compact state, each read after `base`, read together (one read per table, whatever the
 * page's size), instead of every event of every card. Once every card is sent the till holds every
 * event of its scope up to `base` (a first pull: `base` was the log's head when it began; a join:
 * the till held its location's cards up to it and the region's other cards came here), and its
 * cursor becomes `base` in its scope's view: later events, late ones and cards enrolled or joined
 * meanwhile come from there as in any pull (a card sent already comes again as a merge). The
 * server's memory is bounded by the page, not by the merchant.
 */
export async function cardPullPage(
  services: Services,
  device: DeviceRecord,
  pull: CardPull,
  limit = FIRST_PULL_CARDS,
): Promise<
  Pick<SyncResult, "events" | "cards" | "cursor" | "more"> & { readonly pulled: PullPoint }
> {
  const { store } = services;
  const merchantId = device.merchantId;
  const { cardIds, mark } = await nextCards(services, merchantId, pull, limit);
  // Read at or after `base`, or handed over from another till's pull (`CompactBodyMemo`): tills of
  // a shop starting together pull the same cards from the same head, and each folding and writing
  // them apart was most of what a thousand first pulls at once allocated (issue 16: the peak RSS).
  const through = new Map(cardIds.map((cardId) => [cardId, pull.base]));
  const cards = await services.compactBodies.cards(
    store,
    programReader(store, merchantId),
    merchantId,
    through,
  );
  const scope: PullScope = pull.kind === "merchant" ? { kind: "merchant" } : pull.view;
  const pulled: PullPoint = { scope, position: pull.base, compact: true };
  const epoch = services.logEpoch;
  if (cardIds.length === limit && mark) {
    const version = scope.kind === "region" ? scope.version : undefined;
    return {
      events: [],
      cards,
      cursor: cursorText(pull.base, epoch, scope.kind, version, mark),
      more: true,
      pulled,
    };
  }
  const head = await store.maxSeq(merchantId);
  const left = pull.kind === "merchant" ? [] : await leftMidway(services, device, pull, head);
  return {
    events: [],
    cards:
      left.length === 0 ? cards : [...cards, ...(await compactCardBodies(store, merchantId, left))],
    cursor: scopeCursor(pull.base, epoch, scope),
    more: head > pull.base,
    pulled,
  };
}
