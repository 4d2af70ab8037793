import {
  type CardState,
  CardStateSchema,
  type CompactCard,
  type Parsed,
  parseWith,
} from "@stamp/core";
import * as v from "valibot";
import { parseEvents } from "./pulled-events";
import { eventsForPeer } from "./staff-events";

/**
 * The first protocol version whose tills hold cards as compact state (stamp-core SPEC CS1–CS6):
 * a pull answer carries `cards` (a card that joined the till's scope, or one with a late event)
 * instead of those cards' events, and `GET /api/v1/sync/cards/:cardId` answers a snapshot and
 * its tail. Older tills are sent whole histories, as before.
 */
export const COMPACT_CARDS_PROTOCOL = 5;

/** A compact card as it travels; its tail is checked event by event by `parseCompactCard`. */
export const CompactCardSchema = v.object({
  cardId: v.string(),
  /** The merchant's log position when the server read the card (SPEC CS1). */
  at: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Null: the card is short, and its tail is its whole history. */
  snapshot: v.nullable(CardStateSchema),
  tail: v.array(v.unknown()),
});

/** The compact card the server builds: the tail as the stored canonical JSON of each event. */
export interface CompactCardBody {
  readonly cardId: string;
  readonly at: number;
  readonly snapshot: CardState | null;
  readonly tail: readonly string[];
}

/**
 * Each card's JSON while the card lives, for the peer it was last written for: a server hands one
 * card object to every till whose page holds it (the tills of a location catching up from one
 * cursor), and each answer wrote it again (issue 16: a seventh of what a catch-up allocated).
 */
const written = new WeakMap<CompactCardBody, { readonly peer: number; readonly json: string }>();

/** One compact card as JSON, its tail as the stored bytes (like `syncAnswerJson`'s events). */
export function compactCardJson(card: CompactCardBody, peer: number): string {
  const known = written.get(card);
  if (known?.peer === peer) return known.json;
  const head = JSON.stringify({ cardId: card.cardId, at: card.at, snapshot: card.snapshot });
  const json = `${head.slice(0, -1)},"tail":[${eventsForPeer(peer, card.tail).join(",")}]}`;
  written.set(card, { peer, json });
  return json;
}

/** Checks a compact card in full: a snapshot or tail event this version cannot read fails it. */
export function parseCompactCard(raw: unknown, path = "card"): Parsed<CompactCard> {
  const envelope = parseWith(CompactCardSchema, raw);
  if (!envelope.ok)
    return {
      ok: false,
      issues: envelope.issues.map((i) => ({ ...i, path: i.path ? `${path}.${i.path}` : path })),
    };
  const tail = parseEvents(envelope.value.tail, new Set(), `${path}.tail`);
  if (!tail.ok) return tail;
  const card = envelope.value;
  const strays = [
    ...(card.snapshot && card.snapshot.cardId !== card.cardId ? ["snapshot"] : []),
    ...tail.value.flatMap((e, i) => (e.cardId === card.cardId ? [] : [`tail.${i}`])),
  ];
  if (strays.length > 0)
    return {
      ok: false,
      issues: strays.map((at) => ({ path: `${path}.${at}`, message: "is of another card" })),
    };
  return {
    ok: true,
    value: {
      cardId: card.cardId,
      at: card.at,
      snapshot: card.snapshot,
      tail: tail.value,
    },
  };
}

/** Every compact card of an answer, or the first problem. */
export function parseCompactCards(raws: readonly unknown[]): Parsed<readonly CompactCard[]> {
  const cards: CompactCard[] = [];
  for (const [index, raw] of raws.entries()) {
    const card = parseCompactCard(raw, `cards.${index}`);
    if (!card.ok) return card;
    cards.push(card.value);
  }
  return { ok: true, value: cards };
}
