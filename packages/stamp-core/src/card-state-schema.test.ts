import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldCard } from "./card-state";
import { parseCardState } from "./card-state-schema";
import { historyArb, programArb } from "./testing/arbitraries";
import { EventFactory, makeProgram } from "./testing/fixtures";

const RUNS = Number(process.env.STAMP_PROPERTY_RUNS ?? 200);

describe("CardStateSchema (SPEC CS1)", () => {
  it(`reads back every state a fold makes, through JSON (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(programArb, historyArb(), (program, events) => {
        for (const cardId of new Set(events.map((e) => e.cardId))) {
          const state = foldCard(
            program,
            cardId,
            events.filter((e) => e.cardId === cardId),
          );
          expect(parseCardState(JSON.parse(JSON.stringify(state)))).toEqual({
            ok: true,
            value: state,
          });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("refuses a state a fold cannot make", () => {
    const f = new EventFactory();
    const state = foldCard(makeProgram({ goal: 3 }), f.cardId, [f.enrolled(), f.added(1)]);
    const bad = [
      { ...state, goal: 0 },
      { ...state, stamps: -1 },
      { ...state, lastHlc: "yesterday" },
      { ...state, vouchers: [{ id: "x" }] },
      { ...state, cardId: undefined },
    ];
    for (const input of bad) expect(parseCardState(input).ok).toBe(false);
  });
});
