import { canonicalJson, compactCard, firstIssue, foldCard } from "@stamp/core";
import { EventFactory, makeProgram } from "@stamp/core/testing";
import { describe, expect, it } from "vitest";
import {
  COMPACT_CARDS_PROTOCOL,
  type CompactCardBody,
  compactCardJson,
  parseCompactCard,
} from "./compact-cards";
import {
  cardEventsAnswerJson,
  parseCardEventsAnswer,
  parseSyncAnswer,
  type SyncAnswerBody,
  syncAnswerJson,
} from "./sync-messages";

const program = makeProgram({ goal: 3 });
const f = new EventFactory();
const history = [f.enrolled(), f.added(2), f.added(2), f.added(1), f.added(1)];
const card = compactCard(program, f.cardId, 42, null, history, 2);
if (!card) throw new Error("compacts");

/** As the server builds it: the tail as stored canonical JSON. */
const body: CompactCardBody = { ...card, tail: card.tail.map((e) => canonicalJson(e)) };

const answer = (cards: readonly CompactCardBody[]): SyncAnswerBody => ({
  accepted: [],
  duplicates: [],
  rejected: [],
  events: [],
  cursor: "p42-l",
  more: false,
  serverTime: "2026-12-06T03:00:00.000Z",
  cards,
});

describe("compact cards on the wire (protocol 5, stamp-core SPEC CS1)", () => {
  it("a pull answer's cards read back as the server made them", () => {
    const sent = JSON.parse(syncAnswerJson(answer([body]), COMPACT_CARDS_PROTOCOL));
    const parsed = parseSyncAnswer(sent);
    if (!parsed.ok) throw new Error(firstIssue(parsed.issues));
    expect(parsed.value.cards).toEqual([card]);
    expect(card.snapshot).toEqual(foldCard(program, f.cardId, history.slice(0, 3)));
  });

  it("a card is written once for every answer that holds it; a later read of it anew", () => {
    const json = compactCardJson(body, COMPACT_CARDS_PROTOCOL);
    expect(compactCardJson(body, COMPACT_CARDS_PROTOCOL)).toBe(json);
    const later = { ...body, at: 43, tail: [...body.tail, canonicalJson(f.added(1))] };
    const read = JSON.parse(compactCardJson(later, COMPACT_CARDS_PROTOCOL));
    expect(read.at).toBe(43);
    expect(read.tail).toHaveLength(body.tail.length + 1);
    expect(JSON.parse(json).tail).toHaveLength(body.tail.length);
  });

  it("an older till is never sent compact cards; an older server's answer has none", () => {
    expect(() => syncAnswerJson(answer([body]), COMPACT_CARDS_PROTOCOL - 1)).toThrow();
    const old = JSON.parse(syncAnswerJson(answer([]), COMPACT_CARDS_PROTOCOL - 1));
    expect(old.cards).toBeUndefined();
    const parsed = parseSyncAnswer(old);
    expect(parsed.ok && parsed.value.cards).toEqual([]);
  });

  it("a card fetch answers the snapshot and its tail; an older one only events", () => {
    const json = cardEventsAnswerJson({ compact: body }, COMPACT_CARDS_PROTOCOL);
    const parsed = parseCardEventsAnswer(JSON.parse(json));
    if (!parsed.ok) throw new Error(firstIssue(parsed.issues));
    expect(parsed.value.compact).toEqual(card);
    expect(parsed.value.events).toEqual(card.tail);
    expect(() => cardEventsAnswerJson({ compact: body }, COMPACT_CARDS_PROTOCOL - 1)).toThrow();
  });

  it("refuses a snapshot it could not have folded, an unreadable tail event and another card's parts", () => {
    const wire = JSON.parse(syncAnswerJson(answer([body]), COMPACT_CARDS_PROTOCOL))
      .cards[0] as Record<string, unknown> & { snapshot: Record<string, unknown>; tail: unknown[] };
    const other = new EventFactory(f.cardId.replace(/1$/, "2")).added(1);
    for (const bad of [
      { ...wire, snapshot: { ...wire.snapshot, stamps: -1 } },
      { ...wire, snapshot: { ...wire.snapshot, cardId: other.cardId } },
      { ...wire, tail: [...wire.tail, { ...other, v: 2 }] },
      { ...wire, tail: [...wire.tail, other] },
      { ...wire, at: -1 },
    ])
      expect(parseCompactCard(bad).ok).toBe(false);
    expect(parseCompactCard(wire)).toEqual({ ok: true, value: card });
  });
});
