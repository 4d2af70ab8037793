import type { StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CARD, makeProgram, PROGRAM, stampEvent, T0 } from "../testing/fixtures";
import { CardLedger } from "./card-ledger";

const program = makeProgram();
const programs = new Map([[PROGRAM, program]]);
const OTHER_CARD = "c0000000-0000-4000-8000-000000000002";

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function* cards(...entries: (readonly [string, StampEvent[]])[]) {
  yield* entries;
}

describe("CardLedger summaries", () => {
  it("knows nothing for sure until the log is folded, then every card", async () => {
    const ledger = new CardLedger(async () => [], programs);
    expect(ledger.knownState(program, CARD)).toBeNull();
    await ledger.warmUp(cards([CARD, [stampEvent(T0), stampEvent(T0 + 1)]]));
    expect(ledger.knownState(program, CARD)?.stamps).toBe(2);
    // A card with no events in the log is a fresh card.
    expect(ledger.knownState(program, OTHER_CARD)?.stamps).toBe(0);
  });

  it("keeps summaries current with events in HLC order", async () => {
    const ledger = new CardLedger(async () => [], programs);
    await ledger.warmUp(cards([CARD, [stampEvent(T0)]]));
    ledger.ingest([stampEvent(T0 + 10), stampEvent(T0 + 5)]);
    expect(ledger.knownState(program, CARD)?.stamps).toBe(3);
  });

  it("doubts a card whose event arrives out of order, until it is read again", async () => {
    const ledger = new CardLedger(async () => [], programs);
    await ledger.warmUp(cards([CARD, [stampEvent(T0 + 10)]]));
    const late = stampEvent(T0 + 5);
    ledger.ingest([late]);
    expect(ledger.knownState(program, CARD)).toBeNull();
    ledger.adopt(CARD, [stampEvent(T0 + 10), late]);
    expect(ledger.knownState(program, CARD)?.stamps).toBe(2);
  });

  it("doubts cards that changed while the log was being folded", async () => {
    const ledger = new CardLedger(async () => [], programs);
    const gate = deferred<void>();
    const warming = ledger.warmUp(
      (async function* () {
        await gate.promise;
        yield [CARD, [stampEvent(T0)]] as const;
      })(),
    );
    ledger.ingest([stampEvent(T0 + 1)]);
    gate.resolve();
    await warming;
    expect(ledger.knownState(program, CARD)).toBeNull();
  });

  it("keeps events that arrive while a card is read elsewhere", () => {
    const ledger = new CardLedger(async () => [], programs);
    ledger.expect(CARD);
    ledger.ingest([stampEvent(T0 + 5)]);
    expect(ledger.knownState(program, CARD)).toBeNull();
    ledger.adopt(CARD, [stampEvent(T0)]);
    expect(ledger.knownState(program, CARD)?.stamps).toBe(2);
  });

  it("forgets cards changed behind its back", async () => {
    const ledger = new CardLedger(async () => [], programs);
    await ledger.warmUp(cards([CARD, [stampEvent(T0)]]));
    ledger.forget([CARD]);
    expect(ledger.knownState(program, CARD)).toBeNull();
  });

  it("leaves events of unknown programs out of the fold", async () => {
    const ledger = new CardLedger(async () => [], programs);
    const other = "0c4d7e21-3b1a-4f5e-9d8c-7b6a5f4e3d99";
    await ledger.warmUp(cards([CARD, [stampEvent(T0), stampEvent(T0 + 1, { programId: other })]]));
    expect(ledger.knownState(program, CARD)?.stamps).toBe(1);
  });
});

describe("CardLedger open cards", () => {
  it("reads a card's events for the screen once", async () => {
    let loads = 0;
    const ledger = new CardLedger(async () => {
      loads += 1;
      return [stampEvent(T0), stampEvent(T0 + 1)];
    }, programs);
    await Promise.all([ledger.open(CARD), ledger.open(CARD)]);
    await ledger.open(CARD);
    expect(loads).toBe(1);
    expect(ledger.state(program, CARD).stamps).toBe(2);
    expect(ledger.events(CARD)).toHaveLength(2);
  });

  it("keeps events that arrive while the card is loading", async () => {
    const stored = deferred<StampEvent[]>();
    const ledger = new CardLedger(() => stored.promise, programs);
    const opening = ledger.open(CARD);
    ledger.ingest([stampEvent(T0 + 5)]);
    stored.resolve([stampEvent(T0)]);
    await opening;
    expect(ledger.state(program, CARD).stamps).toBe(2);
  });

  it("folds new events into open cards in HLC order whatever the arrival order", async () => {
    const ledger = new CardLedger(async () => [stampEvent(T0 + 10)], programs);
    await ledger.open(CARD);
    const before = ledger.revision;
    ledger.ingest([stampEvent(T0 + 5)]);
    expect(ledger.revision).toBe(before + 1);
    expect(ledger.state(program, CARD).stamps).toBe(2);
    const hlcs = ledger.events(CARD).map((e) => e.hlc);
    expect(hlcs).toEqual([...hlcs].sort());
  });

  it("reloads an open card after another tab changed it", async () => {
    let stored = [stampEvent(T0)];
    const ledger = new CardLedger(async () => stored, programs);
    await ledger.open(CARD);
    stored = [...stored, stampEvent(T0 + 1)];
    ledger.forget([CARD]);
    expect(ledger.isOpen(CARD)).toBe(false);
    await ledger.open(CARD);
    expect(ledger.state(program, CARD).stamps).toBe(2);
  });
});
