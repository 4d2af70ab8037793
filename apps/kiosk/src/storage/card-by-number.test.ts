import "../testing/fake-idb";
import { cardNumberFor } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CARD, PROGRAM, stampEvent, T0 } from "../testing/fixtures";
import { localCardByNumber } from "./card-by-number";
import { openStampDb } from "./db";

const OTHER_CARD = "c0000000-0000-4000-8000-000000000002";

describe("a card number typed at the till", () => {
  it("finds the card of the log it numbers, and nothing for a number of no card held", async () => {
    const db = openStampDb("relaxed", "card-by-number");
    await db.log.bulkAdd([stampEvent(T0), stampEvent(T0 + 1, { cardId: OTHER_CARD })]);
    expect(await localCardByNumber(db, cardNumberFor(OTHER_CARD))).toEqual({
      cardId: OTHER_CARD,
      programId: PROGRAM,
    });
    expect(await localCardByNumber(db, cardNumberFor(CARD))).toEqual({
      cardId: CARD,
      programId: PROGRAM,
    });
    await db.log.where("cardId").equals(OTHER_CARD).delete();
    expect(await localCardByNumber(db, cardNumberFor(OTHER_CARD))).toBeNull();
    db.close();
  });
});
