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
  merchantId: string,
  cardId: string,
): Promise<CompactCardBody | null> {
  const [card] = await compactCardBodies(store, merchantId, [cardId]);
  return card ?? null;
}

/** A compact card as made, with the program (id and version) it was folded with. */
export interface MadeCompactCard {
  readonly body: CompactCardBody;
  readonly programId: string;
  readonly programVersion: number;
}

/**
 * `compactCardBody` of each of `cardIds`, in their order (those the merchant has not left out),
 * read together: one read of each table for all of them, and one more for the cards whose
 * snapshot cannot take their tail.
 */
export async function compactCardBodies(
  store: Store,
  merchantId: string,
  cardIds: readonly string[],
): Promise<CompactCardBody[]> {
  const made = await makeCompactCards(store, merchantId, cardIds);
  return [...new Set(cardIds)].flatMap((cardId) => made.get(cardId)?.body ?? []);
}

/**
 * `compactCardBodies`, each with the program it was folded with, by card: the one the store read
 * with the card's events (`CardSource.program`), never one read apart from them: a goal edit and
 * a stamp between the two reads would fold one moment's events with another moment's program.
 */
export async function makeCompactCards(
  store: Store,
  merchantId: string,
  cardIds: readonly string[],
): Promise<Map<string, MadeCompactCard>> {
  const made = new Map<string, MadeCompactCard>();
  let wanted = [...new Set(cardIds)];
  for (const tail of [COMPACT_TAIL_EVENTS, null]) {
    if (wanted.length === 0) break;
    const sources = await store.cardSources(merchantId, wanted, tail);
    const again: string[] = [];
    for (const cardId of wanted) {
      const source = sources.get(cardId);
      if (!source) continue;
      const bodies = new Map<string, string>();
      const events: StampEvent[] = [];
      for (const body of source.bodies) {
        const event = JSON.parse(body) as StampEvent;
        if (source.base && !isInOrder(source.base, event)) continue;
        bodies.set(event.id, body);
        events.push(event);
      }
      const { program } = source;
      const card = compactCard(program, cardId, source.at, source.base, events);
      if (!card) again.push(cardId);
      else
        made.set(cardId, {
          body: {
            cardId,
            at: card.at,
            snapshot: card.snapshot,
            tail: card.tail.map((event) => bodies.get(event.id) as string),
          },
          programId: program.id,
          programVersion: program.version,
        });
    }
    wanted = again;
  }
  if (wanted.length > 0) throw new Error(`card ${wanted[0]} does not fold from its whole history`);
  return made;
}
