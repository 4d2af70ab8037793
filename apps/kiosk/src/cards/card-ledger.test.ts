import { type CompactCard, compactCard, type StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CARD, stampEvent, T0 } from "../testing/fixtures";
import {
  cards,
  deferred,
  loads,
  NOTHING,
  OTHER_CARD,
  OWN,
  PULLED,
  program,
  programs,
  readElsewhere,
  rec,
} from "../testing/ledger-reads";
import { CardLedger } from "./card-ledger";
import type { CardRecord } from "./card-record";

describe("CardLedger summaries", () => {
  it("knows nothing for sure until the log is folded, then every card", async () => {
    const ledger = new CardLedger(NOTHING, programs);
    expect(ledger.knownState(program, CARD)).toBeNull();
    await ledger.warmUp(cards(rec([stampEvent(T0), stampEvent(T0 + 1)])));
    expect(ledger.knownState(program, CARD)?.stamps).toBe(2);
    // A card with no events in the log is a fresh card.
    expect(ledger.knownState(program, OTHER_CARD)?.stamps).toBe(0);
  });

  it("keeps summaries current with events in HLC order", async () => {
    const ledger = new CardLedger(NOTHING, programs);
    await ledger.warmUp(cards(rec([stampEvent(T0)])));
    ledger.ingest([stampEvent(T0 + 10), stampEvent(T0 + 5)], PULLED);
    expect(ledger.knownState(program, CARD)?.stamps).toBe(3);
  });

  it("doubts a card whose event arrives out of order, until it is read again", async () => {
    const ledger = new CardLedger(NOTHING, programs);
    await ledger.warmUp(cards(rec([stampEvent(T0 + 10)])));
    const late = stampEvent(T0 + 5);
    ledger.ingest([late], PULLED);
    expect(ledger.knownState(program, CARD)).toBeNull();
    readElsewhere(ledger)(rec([stampEvent(T0 + 10), late]));
    expect(ledger.knownState(program, CARD)?.stamps).toBe(2);
  });

  it("doubts cards that changed while the log was being folded", async () => {
    const ledger = new CardLedger(NOTHING, programs);
    const gate = deferred<void>();
    const warming = ledger.warmUp(
      (async function* () {
        await gate.promise;
        yield rec([stampEvent(T0)]);
      })(),
    );
    ledger.ingest([stampEvent(T0 + 1)], PULLED);
    gate.resolve();
    await warming;
    expect(ledger.knownState(program, CARD)).toBeNull();
  });

  it("keeps events that arrive while a card is read elsewhere", () => {
    const ledger = new CardLedger(NOTHING, programs);
    const read = readElsewhere(ledger);
    ledger.ingest([stampEvent(T0 + 5)], PULLED);
    expect(ledger.knownState(program, CARD)).toBeNull();
    read(rec([stampEvent(T0)]));
    expect(ledger.knownState(program, CARD)?.stamps).toBe(2);
  });

  it("forgets cards changed behind its back", async () => {
    const ledger = new CardLedger(NOTHING, programs);
    await ledger.warmUp(cards(rec([stampEvent(T0)])));
    ledger.forget([CARD]);
    expect(ledger.knownState(program, CARD)).toBeNull();
  });

  it("leaves events of unknown programs out of the fold", async () => {
    const ledger = new CardLedger(NOTHING, programs);
    const other = "0c4d7e21-3b1a-4f5e-9d8c-7b6a5f4e3d99";
    await ledger.warmUp(cards(rec([stampEvent(T0), stampEvent(T0 + 1, { programId: other })])));
    expect(ledger.knownState(program, CARD)?.stamps).toBe(1);
  });
});

describe("CardLedger open cards", () => {
  it("reads a card's events for the screen once", async () => {
    let reads = 0;
    const ledger = new CardLedger(
      loads(() => {
        reads += 1;
        return rec([stampEvent(T0), stampEvent(T0 + 1)]);
      }),
      programs,
    );
    await Promise.all([ledger.open(CARD), ledger.open(CARD)]);
    await ledger.open(CARD);
    expect(reads).toBe(1);
    expect(ledger.state(program, CARD).stamps).toBe(2);
    expect(ledger.events(CARD)).toHaveLength(2);
  });

  it("keeps events that arrive while the card is loading", async () => {
    const stored = deferred<CardRecord>();
    const ledger = new CardLedger(
      loads(() => stored.promise),
      programs,
    );
    const opening = ledger.open(CARD);
    ledger.ingest([stampEvent(T0 + 5)], PULLED);
    stored.resolve(rec([stampEvent(T0)]));
    await opening;
    expect(ledger.state(program, CARD).stamps).toBe(2);
  });

  it("folds new events into open cards in HLC order whatever the arrival order", async () => {
    const ledger = new CardLedger(
      loads(() => rec([stampEvent(T0 + 10)])),
      programs,
    );
    await ledger.open(CARD);
    const before = ledger.revision;
    ledger.ingest([stampEvent(T0 + 5)], PULLED);
    expect(ledger.revision).toBe(before + 1);
    expect(ledger.state(program, CARD).stamps).toBe(2);
    const hlcs = ledger.events(CARD).map((e) => e.hlc);
    expect(hlcs).toEqual([...hlcs].sort());
  });

  it("reloads an open card after another tab changed it", async () => {
    let stored = [stampEvent(T0)];
    const ledger = new CardLedger(
      loads(() => rec(stored)),
      programs,
    );
    await ledger.open(CARD);
    stored = [...stored, stampEvent(T0 + 1)];
    ledger.forget([CARD]);
    expect(ledger.isOpen(CARD)).toBe(false);
    await ledger.open(CARD);
    expect(ledger.state(program, CARD).stamps).toBe(2);
  });
});

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
