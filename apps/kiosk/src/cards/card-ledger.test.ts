import type { StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CARD, makeProgram, PROGRAM, stampEvent, T0 } from "../testing/fixtures";
import { CardLedger } from "./card-ledger";

const program = makeProgram();
const programs = new Map([[PROGRAM, program]]);

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("CardLedger", () => {
  it("folds a card from the log on first use and once only", async () => {
    let loads = 0;
    const ledger = new CardLedger(async () => {
      loads += 1;
      return [stampEvent(T0), stampEvent(T0 + 1)];
    }, programs);
    await Promise.all([ledger.open(CARD), ledger.open(CARD)]);
    await ledger.open(CARD);
    expect(loads).toBe(1);
    expect(ledger.state(program, CARD).stamps).toBe(2);
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

  it("folds new events into loaded cards only, in HLC order whatever the arrival order", async () => {
    const ledger = new CardLedger(async () => [stampEvent(T0 + 10)], programs);
    await ledger.open(CARD);
    const before = ledger.revision;
    ledger.ingest([
      stampEvent(T0 + 5),
      stampEvent(T0 + 20, { cardId: "c0000000-0000-4000-8000-000000000002" }),
    ]);
    expect(ledger.revision).toBe(before + 1);
    expect(ledger.state(program, CARD).stamps).toBe(2);
    expect(ledger.events(CARD).map((e) => e.hlc)).toEqual(
      [...ledger.events(CARD).map((e) => e.hlc)].sort(),
    );
    expect(ledger.isOpen("c0000000-0000-4000-8000-000000000002")).toBe(false);
  });

  it("leaves events of unknown programs in the log, out of the fold", async () => {
    const other = "0c4d7e21-3b1a-4f5e-9d8c-7b6a5f4e3d99";
    const ledger = new CardLedger(
      async () => [stampEvent(T0), stampEvent(T0 + 1, { programId: other })],
      programs,
    );
    await ledger.open(CARD);
    expect(ledger.state(program, CARD).stamps).toBe(1);
  });

  it("reloads after another tab changed the log", async () => {
    let stored = [stampEvent(T0)];
    const ledger = new CardLedger(async () => stored, programs);
    await ledger.open(CARD);
    stored = [...stored, stampEvent(T0 + 1)];
    ledger.forgetAll();
    expect(ledger.isOpen(CARD)).toBe(false);
    await ledger.open(CARD);
    expect(ledger.state(program, CARD).stamps).toBe(2);
  });
});
