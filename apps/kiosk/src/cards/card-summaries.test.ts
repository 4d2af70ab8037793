import { describe, expect, it } from "vitest";
import { CARD, stampEvent, T0 } from "../testing/fixtures";
import {
  cards,
  deferred,
  NOTHING,
  OTHER_CARD,
  PULLED,
  program,
  programs,
  readElsewhere,
  rec,
} from "../testing/ledger-reads";
import { CardLedger } from "./card-ledger";

describe("CardLedger summaries (CardSummaries)", () => {
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
