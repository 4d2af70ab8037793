import { type CompactCard, compactCard, type StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CARD, stampEvent, T0 } from "../testing/fixtures";
import { cards, loads, OWN, program, programs, readElsewhere, rec } from "../testing/ledger-reads";
import { CardLedger } from "./card-ledger";
import type { CardRecord } from "./card-record";

describe("CardLedger on compact cards (stamp-core SPEC CS1–CS5)", () => {
  const history = Array.from({ length: 6 }, (_, i) => stampEvent(T0 + 10 + i));
  // Read by the server at log position 30: 4 stamps in the snapshot, 2 in the tail.
  const card = compactCard(program, CARD, 30, null, history, 2) as CompactCard;
  const seeded = (more: CardRecord["held"] = []) => ({
    ...rec(card.tail, { kind: "stored", by: 30 }, card),
    held: [...rec(card.tail, { kind: "stored", by: 30 }).held, ...more],
  });

  it("folds a snapshot and its tail, and a pulled event the snapshot holds counts once", async () => {
    const ledger = new CardLedger(loads(seeded), programs);
    await ledger.warmUp(cards(seeded(rec([history[0] as StampEvent]).held)));
    expect(ledger.knownState(program, CARD)?.lifetimeStamps).toBe(6);
    expect(ledger.unsettledCards()).toEqual([]);
    await ledger.open(CARD);
    // The screen holds the tail: enough to undo the last stamps.
    expect(ledger.events(CARD)).toEqual(card.tail);
    expect(ledger.state(program, CARD).lifetimeStamps).toBe(6);
  });

  it("an own event before the snapshot leaves the card unsettled at what it knows for sure", async () => {
    const early = stampEvent(T0);
    const ledger = new CardLedger(
      loads(() => seeded(rec([early], OWN).held)),
      programs,
    );
    await ledger.warmUp(cards(seeded(rec([early], OWN).held)));
    expect(ledger.knownState(program, CARD)?.lifetimeStamps).toBe(6);
    expect(ledger.unsettledCards()).toEqual([CARD]);
    // A stamp made meanwhile is folded from the record, never onto the doubtful state alone.
    const next = stampEvent(T0 + 100);
    ledger.ingest([next], OWN);
    expect(ledger.knownState(program, CARD)).toBeNull();
    // Fetched again after the till's events were stored (SPEC CS5): settled, every stamp counted.
    const settled = compactCard(
      program,
      CARD,
      40,
      null,
      [early, ...history, next],
      2,
    ) as CompactCard;
    readElsewhere(ledger)(rec(settled.tail, { kind: "stored", by: 40 }, settled));
    expect(ledger.unsettledCards()).toEqual([]);
    expect(ledger.knownState(program, CARD)?.lifetimeStamps).toBe(8);
  });

  it("an open card takes a newer snapshot the server sent", async () => {
    const ledger = new CardLedger(loads(seeded), programs);
    await ledger.open(CARD);
    const more = [...history, stampEvent(T0 + 50), stampEvent(T0 + 51)];
    const newer = compactCard(program, CARD, 50, null, more, 2) as CompactCard;
    readElsewhere(ledger)(rec(newer.tail, { kind: "stored", by: 50 }, newer));
    expect(ledger.state(program, CARD).lifetimeStamps).toBe(8);
    expect(ledger.events(CARD).map((e) => e.id)).toEqual(more.slice(-2).map((e) => e.id));
  });
});
