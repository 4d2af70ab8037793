import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inFoldOrder, sortEvents } from "./order";
import { historyArb, seededRandom, shuffle } from "./testing/arbitraries";
import { hlcAt, T0 } from "./testing/fixtures";

const RUNS = Number(process.env.STAMP_PROPERTY_RUNS ?? 200);

describe("fold order", () => {
  it(`L2: inFoldOrder equals the plain (hlc, id) sort for any arrival order (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(historyArb(80), fc.integer(), (events, seed) => {
        const shuffled = shuffle(events, seededRandom(seed));
        expect(inFoldOrder(shuffled)).toEqual(sortEvents(events));
      }),
      { numRuns: RUNS },
    );
  });

  it("L2: events spread over centuries fall back to the string sort and stay in order", () => {
    const far = [
      { id: "b", hlc: hlcAt(T0) },
      { id: "a", hlc: hlcAt(0) },
      { id: "c", hlc: hlcAt(253_402_300_799_000) },
      { id: "d", hlc: hlcAt(T0) },
    ];
    expect(inFoldOrder(far).map((e) => e.id)).toEqual(["a", "b", "d", "c"]);
  });

  it("L2: input already in order is returned as is, without a copy", () => {
    const sorted = sortEvents([
      { id: "x", hlc: hlcAt(T0 + 1) },
      { id: "y", hlc: hlcAt(T0) },
    ]);
    expect(inFoldOrder(sorted)).toBe(sorted);
  });
});
