import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StampEvent } from "./events";
import { type EventLog, logOf, mergeLogs } from "./merge";
import { historyArb } from "./testing/arbitraries";

const RUNS = Number(process.env.STAMP_PROPERTY_RUNS ?? 200);

/** Three logs cut from one history, overlapping at random. */
const logsArb = historyArb(40).chain((events) =>
  fc
    .tuple(...[0, 1, 2].map(() => fc.subarray(events)))
    .map((parts) => parts.map((p) => logOf(p)) as [EventLog, EventLog, EventLog]),
);

const sorted = (log: EventLog) => [...log.entries()].sort(([a], [b]) => (a < b ? -1 : 1));

describe("merge (property)", () => {
  it(`M1, M2: union by id is commutative, associative and idempotent (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(logsArb, ([a, b, c]) => {
        expect(sorted(mergeLogs(a, b))).toEqual(sorted(mergeLogs(b, a)));
        expect(sorted(mergeLogs(mergeLogs(a, b), c))).toEqual(
          sorted(mergeLogs(a, mergeLogs(b, c))),
        );
        expect(sorted(mergeLogs(a, a))).toEqual(sorted(a));
        const union = new Set([...a.keys(), ...b.keys()]);
        expect(new Set(mergeLogs(a, b).keys())).toEqual(union);
      }),
      { numRuns: RUNS },
    );
  });

  it("M4: two different events with one id resolve to the same copy whichever side holds it", () => {
    fc.assert(
      fc.property(historyArb(5), (events) => {
        const original = events[0] as StampEvent;
        const forged = {
          ...original,
          deviceId: "00000000-0000-4000-8000-000000000000",
        } as StampEvent;
        const left = mergeLogs(logOf([original]), logOf([forged])).get(original.id);
        const right = mergeLogs(logOf([forged]), logOf([original])).get(original.id);
        expect(left).toBe(right === original ? original : forged);
        expect(left).toEqual(right);
      }),
      { numRuns: 50 },
    );
  });
});
