import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_STAMPS_PER_SCAN, maxStampsPerScan, parseProgram } from "./program";
import { makeProgram } from "./testing/fixtures";

describe("programs", () => {
  it("P1: a complete program parses", () => {
    const program = makeProgram({
      earning: { kind: "by-amount", unitAmount: 500, currency: "EUR" },
      reward: {
        kind: "voucher",
        title: "Free cake",
        redemption: { method: "code", format: "qr", code: { kind: "generated" } },
        validDays: 30,
      },
      locales: ["en", "de-CH", "he", "kk"],
    });
    expect(parseProgram(program)).toEqual({ ok: true, value: program });
  });

  it("P1: problems come back with their paths", () => {
    const result = parseProgram({
      ...makeProgram(),
      name: "   ",
      design: { background: "red", foreground: "#ffffff", accent: "#000000", stampIcon: "coffee" },
      extra: true,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { path: "name", message: "must not be empty" },
        { path: "design.background", message: "must be a colour like #1a2b3c" },
        { path: "extra", message: "is not a known field" },
      ]),
    );
  });

  it("P2: the goal is a whole number from 1 to 50", () => {
    for (const goal of [0, 51, 2.5])
      expect(parseProgram(makeProgram({ goal })).ok, String(goal)).toBe(false);
    for (const goal of [1, 50]) expect(parseProgram(makeProgram({ goal })).ok).toBe(true);
  });

  it("P4: lottery prizes need unique ids and positive weights, and a seed", () => {
    const lottery = (
      prizes: { id: string; title: string; weight: number }[],
      seed = "0123456789abcdef",
    ) =>
      makeProgram({
        reward: { kind: "lottery", title: "Draw", seed, prizes, redemption: { method: "staff" } },
      });
    expect(parseProgram(lottery([{ id: "a", title: "A", weight: 1 }])).ok).toBe(true);
    expect(parseProgram(lottery([])).ok).toBe(false);
    expect(parseProgram(lottery([{ id: "a", title: "A", weight: 0 }])).ok).toBe(false);
    expect(
      parseProgram(
        lottery([
          { id: "a", title: "A", weight: 1 },
          { id: "a", title: "B", weight: 1 },
        ]),
      ).ok,
    ).toBe(false);
    expect(parseProgram(lottery([{ id: "a", title: "A", weight: 1 }], "short")).ok).toBe(false);
  });

  it("P6: most stamps one scan may add: 10 for staff and 1 for unattended tills unless set", () => {
    expect(DEFAULT_MAX_STAMPS_PER_SCAN).toEqual({ staff: 10, unattended: 1 });
    const defaults = makeProgram();
    expect(maxStampsPerScan(defaults, "staff")).toBe(10);
    expect(maxStampsPerScan(defaults, "kiosk")).toBe(1);
    expect(maxStampsPerScan(defaults, "autopilot")).toBe(1);
    expect(maxStampsPerScan(defaults, "pos")).toBeNull();
    const set = makeProgram({ maxStampsPerScan: { staff: 4, unattended: 2 } });
    expect(parseProgram(set)).toEqual({ ok: true, value: set });
    expect(maxStampsPerScan(set, "staff")).toBe(4);
    expect(maxStampsPerScan(set, "kiosk")).toBe(2);
    for (const bad of [0, 1001, 1.5])
      expect(
        parseProgram(makeProgram({ maxStampsPerScan: { staff: bad, unattended: 1 } })).ok,
      ).toBe(false);
  });
});
