import { tooLate } from "@stamp/core";
import type { CompactCardBody } from "@stamp/wire-protocol";
import type { Services } from "../services";
import type { DeviceRecord, EventPage, PullScope } from "../storage/store";
import { programReader } from "./compact-card-body";

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
): Promise<{ readonly events: readonly string[]; readonly cards: readonly CompactCardBody[] }> {
  const shown = page.rows;
  if (shown.length === 0) return { events: [], cards: [] };
  const { store } = services;
  const merchantId = device.merchantId;
  const compact = new Set<string>();
  if (scope.kind !== "merchant") {
    const cardIds = shown.map((event) => event.cardId);
    const joins = await store.joinedAt(merchantId, scope, cardIds);
    for (const [cardId, at] of joins) if (at > from && at <= page.cursor) compact.add(cardId);
  }
  // Each card's earliest event in the page: its events from there on tell which are too late.
  const earliest = new Map<string, string>();
  for (const event of shown) {
    if (compact.has(event.cardId)) continue;
    const hlc = earliest.get(event.cardId);
    if (hlc === undefined || event.hlc < hlc) earliest.set(event.cardId, event.hlc);
  }
  const since = [...earliest].map(([cardId, hlc]) => ({ cardId, hlc }));
  const asked = new Set(shown.filter((e) => earliest.has(e.cardId)).map((e) => e.id));
  const late = tooLate(await store.cardPositions(merchantId, since), asked);
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
