import { describe, expect, it } from "vitest";
import { parseCardLookupAnswer } from "./card-lookup";

const CARD = "0190a000-0000-7000-8000-000000000001";
const PROGRAM = "0190a000-0000-7000-8000-000000000002";

describe("the card answer a till reads", () => {
  it("takes the card's id and program from the API's card view", () => {
    expect(parseCardLookupAnswer({ cardId: CARD, programId: PROGRAM, stamps: 2 })).toEqual({
      cardId: CARD,
      programId: PROGRAM,
    });
  });

  it("is null for anything that is not a card", () => {
    for (const body of [null, "card", { cardId: "x", programId: PROGRAM }, { cardId: CARD }])
      expect(parseCardLookupAnswer(body)).toBeNull();
  });
});
