import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createClock, formatHlc, isHlc, isSkewed, parseHlc, receive, tick } from "./hlc";
import { T0 } from "./testing/fixtures";

const NODE_A = "a1b2c3d4e5f60718";
const NODE_B = "0f1e2d3c4b5a6978";

describe("hybrid logical clock", () => {
  it("H1: formats as ISO time, 4-hex counter and 16-hex node, and parses back", () => {
    const hlc = formatHlc({ millis: Date.UTC(2026, 10, 22, 9, 30), counter: 0, node: NODE_A });
    expect(hlc).toBe("2026-11-22T09:30:00.000Z-0000-a1b2c3d4e5f60718");
    expect(parseHlc(hlc)).toEqual({
      millis: Date.UTC(2026, 10, 22, 9, 30),
      counter: 0,
      node: NODE_A,
    });
  });

  it("H1: refuses malformed strings and impossible dates", () => {
    for (const bad of [
      "",
      "2026-11-22T09:30:00.000Z-0000-A1B2C3D4E5F60718",
      "2026-11-22T09:30:00Z-0000-a1b2c3d4e5f60718",
      "2026-02-30T09:30:00.000Z-0000-a1b2c3d4e5f60718",
      "2026-11-22T24:00:00.000Z-0000-a1b2c3d4e5f60718",
      "2026-11-22T09:30:00.000Z-00000-a1b2c3d4e5f60718",
    ]) {
      expect(parseHlc(bad), bad).toBeNull();
    }
  });

  it("H1: string order is (time, counter, node) order", () => {
    fc.assert(
      fc.property(
        fc.record({
          millis: fc.integer({ min: 0, max: 253_402_300_799_999 }),
          counter: fc.integer({ min: 0, max: 0xffff }),
        }),
        fc.record({
          millis: fc.integer({ min: 0, max: 253_402_300_799_999 }),
          counter: fc.integer({ min: 0, max: 0xffff }),
        }),
        (a, b) => {
          const sa = formatHlc({ ...a, node: NODE_A });
          const sb = formatHlc({ ...b, node: NODE_A });
          const byValue = a.millis - b.millis || a.counter - b.counter;
          expect(Math.sign(sa < sb ? -1 : sa > sb ? 1 : 0)).toBe(Math.sign(byValue));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("H2: tick is strictly increasing even when the wall clock jumps back", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5_000, max: 5_000 }), { minLength: 1, maxLength: 200 }),
        (jumps) => {
          let clock = createClock(NODE_A);
          let now = T0;
          let previous = "";
          for (const jump of jumps) {
            now += jump;
            const t = tick(clock, now);
            expect(t.hlc > previous).toBe(true);
            expect(t.aheadMs).toBeGreaterThanOrEqual(0);
            previous = t.hlc;
            clock = t.clock;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("H2: a counter past ffff borrows the next millisecond", () => {
    const t = tick({ millis: T0, counter: 0xffff, node: NODE_A }, T0);
    expect(t.clock).toEqual({ millis: T0 + 1, counter: 0, node: NODE_A });
  });

  it("H3: receive reports a remote clock 10 minutes in the future without refusing it", () => {
    const remote = { millis: T0 + 600_000, counter: 3, node: NODE_B };
    const { clock, skewMs } = receive(createClock(NODE_A, T0), remote, T0);
    expect(skewMs).toBe(600_000);
    expect(isSkewed(skewMs)).toBe(true);
    expect(isSkewed(30_000)).toBe(false);
    // H4: the future is adopted only up to a minute ahead of our wall clock.
    expect(clock.millis).toBe(T0 + 60_000);
    const next = tick(clock, T0 + 1);
    expect(next.hlc > formatHlc({ millis: T0 + 59_999, counter: 0, node: NODE_B })).toBe(true);
  });

  it("H4: after receive, the next local tick sorts after the received event when the remote is within bounds", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -600_000, max: 60_000 }),
        fc.integer({ min: 0, max: 0xfffe }),
        (offset, counter) => {
          const remote = { millis: T0 + offset, counter, node: NODE_B };
          const { clock } = receive(createClock(NODE_A, T0 - 1000), remote, T0);
          expect(tick(clock, T0).hlc > formatHlc(remote)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("H2: refuses a node id that is not 16 lowercase hex digits", () => {
    expect(() => createClock("XYZ")).toThrow(/node id/);
  });
  it("isHlc says whether parseHlc reads a text, impossible dates and near misses included", () => {
    const hlc = fc
      .record({
        millis: fc.integer({ min: 0, max: 253_402_300_799_999 }),
        counter: fc.integer({ min: 0, max: 0xffff }),
        node: fc.constantFrom(NODE_A, NODE_B),
      })
      .map(formatHlc);
    // One character changed to one an HLC is made of (a day 31 in April, an hour 24, a capital
    // hex digit…), or cut short, or grown by one.
    const nearMiss = fc
      .tuple(hlc, fc.nat(), fc.constantFrom(..."0123456789abcdefABT:Z.- "), fc.nat(2))
      .map(([text, at, ch, how]) => {
        const i = at % text.length;
        if (how === 0) return text.slice(0, i) + ch + text.slice(i + 1);
        return how === 1 ? text.slice(0, i) : `${text}${ch}`;
      });
    fc.assert(
      fc.property(fc.oneof(hlc, nearMiss, fc.string()), (text) => {
        expect(isHlc(text)).toBe(parseHlc(text) !== null);
      }),
      { numRuns: 5000 },
    );
    expect(isHlc("2026-04-31T09:30:00.000Z-0000-a1b2c3d4e5f60718")).toBe(false);
    expect(isHlc("2024-02-29T23:59:59.999Z-ffff-a1b2c3d4e5f60718")).toBe(true);
  });
});
