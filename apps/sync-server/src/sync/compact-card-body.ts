import {
  COMPACT_TAIL_EVENTS,
  compactCard,
  isInOrder,
  type Program,
  type StampEvent,
} from "@stamp/core";
import type { CompactCardBody } from "@stamp/wire-protocol";
import type { Store } from "../storage/store";

/** The merchant's programs as a round needs them, each read once. */
export function programReader(
  store: Store,
  merchantId: string,
): (programId: string) => Promise<Program> {
  const read = new Map<string, Promise<Program>>();
  return (programId) => {
    let program = read.get(programId);
    if (!program) {
      program = store.getProgram(merchantId, programId).then((record) => {
        if (!record) throw new Error(`program ${programId} of merchant ${merchantId} is gone`);
        return record.program;
      });
      read.set(programId, program);
    }
    return program;
  };
}

/**
 * A card as compact state for a till of protocol 5 (stamp-core SPEC CS1, CS2): from the newest
 * snapshot the store keeps with a tail's worth of events after it, and those events, so a long
 * history is never read whole; from
 * every event when that snapshot cannot take them (`compactCard` says null). Its tail goes out as
 * the stored bytes. Null when the merchant has no such card.
 */
export async function compactCardBody(
  store: Store,
  programOf: (programId: string) => Promise<Program>,
  merchantId: string,
  cardId: string,
): Promise<CompactCardBody | null> {
  for (const tail of [COMPACT_TAIL_EVENTS, null]) {
    const source = await store.cardSource(merchantId, cardId, tail);
    if (!source) return null;
    const bodies = new Map<string, string>();
    const events: StampEvent[] = [];
    for (const body of source.bodies) {
      const event = JSON.parse(body) as StampEvent;
      if (source.base && !isInOrder(source.base, event)) continue;
      bodies.set(event.id, body);
      events.push(event);
    }
    const programId = source.base?.programId ?? events[0]?.programId;
    if (programId === undefined) return null;
    const card = compactCard(await programOf(programId), cardId, source.at, source.base, events);
    if (card)
      return {
        cardId,
        at: card.at,
        snapshot: card.snapshot,
        tail: card.tail.map((event) => bodies.get(event.id) as string),
      };
  }
  throw new Error(`card ${cardId} does not fold from its whole history`);
}
