import type { CompactCardBody } from "@stamp/wire-protocol";
import type { Services } from "../services";
import type { DeviceRecord, EventPage, PullScope } from "../storage/store";
import { programReader } from "./compact-card-body";

export interface CompactedPage {
  readonly events: readonly string[];
  readonly cards: readonly CompactCardBody[];
}

/**
 * What each page object was made into, while it lives. A page object is handed to several pulls
 * only by the scope tail (`TailRows.page`), and only as the page of one view (merchant and scope)
 * from one cursor, which every page it hands out then equals: the tills a stamp woke at one
 * cursor are answered by one compaction. The answer is the one its first pull made: each of them
 * could have been answered then (stored events and their positions never change; a compact body
 * holds every event of its card up to the position it was read at), unless the program's goal
 * changed since (it is folded into the snapshots, as `CompactBodyMemo` checks).
 */
const compacted = new WeakMap<EventPage, Promise<CompactedPage>>();

/**
 * A pull page for a till of protocol 5 (stamp-core SPEC CS4): a card that joined the till's
 * location or region in the page (its earlier history would come again) or has an event too late
 * to go out on its own (`tooLate`: more than a tail of its card's events stored before it sort
 * after it) goes out as compact state, read after the page or shared from another till's pull of
 * the card (`CompactBodyMemo`), and none of its events do. The other
 * events go out as stored, a late one too: any snapshot the till holds that sorts after it holds it.
 */
export async function compactPage(
  services: Services,
  device: DeviceRecord,
  scope: PullScope,
  from: number,
  page: EventPage,
): Promise<CompactedPage> {
  const shared = compacted.get(page);
  if (shared !== undefined && (await foldedWithGoals(services, device.merchantId, await shared)))
    return shared;
  const made = compactAlone(services, device, scope, from, page);
  compacted.set(page, made);
  made.catch(() => compacted.delete(page));
  return made;
}

/** Whether each snapshot of `made` was folded with its program's goal now (a new goal refolds). */
async function foldedWithGoals(
  services: Services,
  merchantId: string,
  made: CompactedPage,
): Promise<boolean> {
  const programOf = programReader(services.store, merchantId);
  for (const { snapshot } of made.cards)
    if (snapshot !== null && (await programOf(snapshot.programId)).goal !== snapshot.goal)
      return false;
  return true;
}

async function compactAlone(
  services: Services,
  device: DeviceRecord,
  scope: PullScope,
  from: number,
  page: EventPage,
): Promise<CompactedPage> {
  const shown = page.rows;
  if (shown.length === 0) return { events: [], cards: [] };
  const { store, compactFacts } = services;
  const merchantId = device.merchantId;
  // Which events are too late and where the page's cards joined the view: read together (one
  // round trip on PostgreSQL, not two one after the other), and only what no page read before
  // (`CompactFacts`). A card that joined goes out compact whatever its events' lateness says.
  const [joins, late] = await Promise.all([
    scope.kind === "merchant"
      ? new Map<string, number>()
      : compactFacts.joinedAt(
          store,
          merchantId,
          scope,
          shown.map((event) => event.cardId),
        ),
    compactFacts.late(store, merchantId, shown),
  ]);
  const compact = new Set<string>();
  for (const [cardId, at] of joins) if (at > from && at <= page.cursor) compact.add(cardId);
  for (const event of shown) if (late.has(event.id)) compact.add(event.cardId);
  if (compact.size === 0) return { events: shown.map((event) => event.body), cards: [] };
  // Each compacted card's newest position in the page: a body read at or after it holds them all.
  const through = new Map<string, number>();
  for (const event of shown)
    if (compact.has(event.cardId))
      through.set(event.cardId, Math.max(event.pos, through.get(event.cardId) ?? 0));
  const programOf = programReader(store, merchantId);
  const cards = await services.compactBodies.cards(store, programOf, merchantId, through);
  const sent = new Set(cards.map((card) => card.cardId));
  return {
    events: shown.filter((event) => !sent.has(event.cardId)).map((event) => event.body),
    cards,
  };
}
