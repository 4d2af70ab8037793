import type { CardState } from "@stamp/core";
import type { CardSource } from "./compact-store";

/**
 * A page's cards as both adapters read them (stamp-core SPEC CS2): each card's base (none, or
 * null, when it has no snapshot that can take its tail) and its events from the base on, in the
 * card's order; a card with neither is not there.
 */
export function cardSourcesFrom(
  ids: readonly string[],
  at: number,
  bases: ReadonlyMap<string, { readonly state: CardState } | null>,
  rows: Iterable<{ readonly cardId: string; readonly body: string }>,
): Map<string, CardSource> {
  const bodies = new Map<string, string[]>();
  for (const row of rows) {
    const card = bodies.get(row.cardId);
    if (card) card.push(row.body);
    else bodies.set(row.cardId, [row.body]);
  }
  const read = new Map<string, CardSource>();
  for (const id of ids) {
    const base = bases.get(id)?.state ?? null;
    const card = bodies.get(id) ?? [];
    if (card.length > 0 || base) read.set(id, { at, base, bodies: card });
  }
  return read;
}
