import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tooLate } from "./late-events";
import { compareEvents } from "./order";
import { historyArb } from "./testing/arbitraries";

const RUNS = Number(process.env.STAMP_PROPERTY_RUNS ?? 200);

describe("events too late to go out on their own (SPEC CS4)", () => {
  it("are those that more than a tail of their card's events stored before them sort after, whatever else of the log is handed in", () => {
    fc.assert(
      fc.property(
        historyArb(60),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 59 }),
        (history, tail, earliest) => {
          // Stored in the history's order; its random HLCs make late events.
          const logged = history.map((event, i) => ({ ...event, seq: i + 1 }));
          const asked = logged.filter((_, i) => i >= earliest);
          const expected = asked.filter(
            (event) =>
              logged.filter(
                (o) =>
                  o.cardId === event.cardId && o.seq < event.seq && compareEvents(o, event) > 0,
              ).length > tail,
          );
          // As a store hands them: the asked events and those of their cards sorting after the
          // earliest asked of the card, shuffled by reversing.
          const handed = logged
            .filter((o) => asked.some((a) => a.cardId === o.cardId && compareEvents(o, a) >= 0))
            .reverse();
          const ids = new Set(asked.map((event) => event.id));
          expect(tooLate(handed, ids, tail)).toEqual(new Set(expected.map((event) => event.id)));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
