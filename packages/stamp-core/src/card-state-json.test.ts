import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldCard } from "./card-state";
import { cardStateFromJson, cardStateToJson } from "./card-state-json";
import { historyArb, programArb } from "./testing/arbitraries";

describe("card state JSON", () => {
  it("C1: a state survives JSON storage unchanged, Maps included", () => {
    fc.assert(
      fc.property(programArb, historyArb(), (program, events) => {
        const cardId = (events[0] as { cardId: string }).cardId;
        const state = foldCard(
          program,
          cardId,
          events.filter((e) => e.cardId === cardId),
        );
        const stored = JSON.parse(JSON.stringify(cardStateToJson(state)));
        expect(cardStateFromJson(stored)).toEqual(state);
      }),
      { numRuns: 100 },
    );
  });
});
