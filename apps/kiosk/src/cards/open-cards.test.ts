import { describe, expect, it } from "vitest";
import { CARD, stampEvent, T0 } from "../testing/fixtures";
import { deferred, loads, PULLED, program, programs, rec } from "../testing/ledger-reads";
import { CardLedger } from "./card-ledger";
import type { CardRecord } from "./card-record";

describe("CardLedger open cards (OpenCards)", () => {
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
