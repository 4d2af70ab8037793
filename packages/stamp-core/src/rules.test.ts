import { describe, expect, it } from "vitest";
import { foldCard } from "./card-state";
import type { Channel } from "./channel";
import { isEan13 } from "./ean13";
import { hlcMillis } from "./hlc";
import { type Program, parseProgram } from "./program";
import { lotteryPrize, prizeChances, voucherCode } from "./reward-outcome";
import { checkPlacedStamp, checkStamp, readyRewards, stampsForOrder } from "./rules";
import { cardIdFor, EventFactory, makeProgram, PROGRAM, T0 } from "./testing/fixtures";

const MIN = 60_000;

describe("earning", () => {
  it("E1: per-order earns stampsPerOrder whatever the amount", () => {
    expect(stampsForOrder({ kind: "per-order", stampsPerOrder: 2 }, {})).toEqual({
      ok: true,
      count: 2,
    });
    expect(stampsForOrder({ kind: "per-order", stampsPerOrder: 2 }, { amount: 99_999 })).toEqual({
      ok: true,
      count: 2,
    });
  });

  it("E2, E3: by-amount earns one stamp per full unit and drops the remainder", () => {
    const rule = { kind: "by-amount", unitAmount: 500, currency: "EUR" } as const;
    expect(stampsForOrder(rule, { amount: 500, currency: "EUR" })).toEqual({ ok: true, count: 1 });
    expect(stampsForOrder(rule, { amount: 999 })).toEqual({ ok: true, count: 1 });
    expect(stampsForOrder(rule, { amount: 1000 })).toEqual({ ok: true, count: 2 });
    expect(stampsForOrder(rule, { amount: 2499 })).toEqual({ ok: true, count: 4 });
  });

  it("E2: by-amount refuses a missing, negative, fractional, too small or foreign amount", () => {
    const rule = { kind: "by-amount", unitAmount: 500, currency: "EUR" } as const;
    expect(stampsForOrder(rule, {})).toEqual({ ok: false, error: { code: "amount-required" } });
    expect(stampsForOrder(rule, { amount: -500 })).toEqual({
      ok: false,
      error: { code: "invalid-amount" },
    });
    expect(stampsForOrder(rule, { amount: 500.5 })).toEqual({
      ok: false,
      error: { code: "invalid-amount" },
    });
    expect(stampsForOrder(rule, { amount: 499 })).toEqual({
      ok: false,
      error: { code: "below-minimum", unitAmount: 500 },
    });
    expect(stampsForOrder(rule, { amount: 500, currency: "USD" })).toEqual({
      ok: false,
      error: { code: "currency-mismatch", expected: "EUR" },
    });
  });
});

describe("stamp limits", () => {
  const program = makeProgram({
    limits: {
      channels: ["kiosk", "autopilot"],
      cooldownSeconds: 600,
      maxStampsPerVisit: 2,
      maxStampsPerDay: 3,
    },
    maxStampsPerScan: { staff: 50, unattended: 5 },
  });

  function stateAfter(p: Program, build: (f: EventFactory) => ReturnType<EventFactory["added"]>[]) {
    const f = new EventFactory();
    const events = build(f);
    const last = events[events.length - 1];
    return { state: foldCard(p, f.cardId, events), lastMs: last ? hlcMillis(last.hlc) : f.nowMs };
  }

  it("R1: staff, POS and API stamps are not limited by default", () => {
    const { state, lastMs } = stateAfter(program, (f) => [f.added(1, "kiosk")]);
    for (const channel of ["staff", "pos", "api", "receipt"] as const) {
      expect(checkStamp(program, state, { channel, count: 50, nowMs: lastMs + 1 })).toEqual({
        ok: true,
      });
    }
  });

  it("R2: the cooldown counts from the last stamp on any channel", () => {
    const { state, lastMs } = stateAfter(program, (f) => [f.added(1, "staff")]);
    expect(
      checkStamp(program, state, { channel: "kiosk", count: 1, nowMs: lastMs + 9 * MIN }),
    ).toEqual({
      ok: false,
      refusal: { code: "cooldown", retryAfterMs: MIN },
    });
    expect(
      checkStamp(program, state, { channel: "kiosk", count: 1, nowMs: lastMs + 10 * MIN }),
    ).toEqual({ ok: true });
  });

  it("R3: one visit may add at most maxStampsPerVisit on a limited channel", () => {
    const { state, lastMs } = stateAfter(program, () => []);
    expect(checkStamp(program, state, { channel: "autopilot", count: 3, nowMs: lastMs })).toEqual({
      ok: false,
      refusal: { code: "visit-cap", max: 2 },
    });
  });

  it("R3: the daily cap counts limited-channel stamps in a rolling 24 hours", () => {
    const { state, lastMs } = stateAfter(program, (f) => [
      f.added(2, "kiosk"),
      f.wait(20 * MIN).added(5, "staff"),
      f.wait(20 * MIN).added(1, "kiosk"),
    ]);
    const firstMs = lastMs - 40 * MIN - 2000;
    const refused = checkStamp(program, state, {
      channel: "kiosk",
      count: 1,
      nowMs: lastMs + 11 * MIN,
    });
    expect(refused).toEqual({
      ok: false,
      refusal: {
        code: "daily-cap",
        max: 3,
        retryAfterMs: firstMs + 86_400_000 - (lastMs + 11 * MIN),
      },
    });
    expect(
      checkStamp(program, state, { channel: "kiosk", count: 1, nowMs: firstMs + 86_400_001 }),
    ).toEqual({ ok: true });
  });

  it("R7: one scan at a till adds at most the program's most stamps per scan", () => {
    const { state, lastMs } = stateAfter(program, () => []);
    const at = (channel: Channel, count: number) =>
      checkStamp(program, state, { channel, count, nowMs: lastMs });
    expect(at("staff", 51)).toEqual({ ok: false, refusal: { code: "scan-cap", max: 50 } });
    expect(at("staff", 50)).toEqual({ ok: true });
    expect(at("kiosk", 6)).toEqual({ ok: false, refusal: { code: "scan-cap", max: 5 } });
    // Server channels are not scans: their counts come from an order or an API call.
    expect(at("pos", 500)).toEqual({ ok: true });
    const defaults = makeProgram();
    const fresh = foldCard(defaults, cardIdFor(1), []);
    const scan = (channel: Channel, count: number) =>
      checkStamp(defaults, fresh, { channel, count, nowMs: T0 });
    expect(scan("staff", 11)).toEqual({ ok: false, refusal: { code: "scan-cap", max: 10 } });
    expect(scan("staff", 10)).toEqual({ ok: true });
    expect(scan("autopilot", 2)).toEqual({ ok: false, refusal: { code: "scan-cap", max: 1 } });
    expect(scan("receipt", 1000)).toEqual({ ok: true });
  });

  it("R0: a blocked card is refused on every channel", () => {
    const f = new EventFactory();
    const state = foldCard(program, f.cardId, [f.added(1), f.blocked()]);
    expect(checkStamp(program, state, { channel: "staff", count: 1, nowMs: f.nowMs })).toEqual({
      ok: false,
      refusal: { code: "card-blocked" },
    });
  });
});

describe("limits in the server's time", () => {
  const program = makeProgram({
    limits: { channels: ["kiosk"], cooldownSeconds: 600, maxStampsPerDay: 3 },
  });
  const kiosk = (ms: number, count = 1) => ({ ms, count, channel: "kiosk" as const });

  it("R8: the cooldown holds against the nearest placed stamp on either side, any channel", () => {
    const placed = [kiosk(T0), { ms: T0 + 60 * MIN, count: 1, channel: "staff" as const }];
    const at = (nowMs: number) =>
      checkPlacedStamp(program, placed, { channel: "kiosk", count: 1, nowMs });
    expect(at(T0 + 5 * MIN)).toEqual({
      ok: false,
      refusal: { code: "cooldown", retryAfterMs: 5 * MIN },
    });
    // Late, but too close to the staff stamp that follows it.
    expect(at(T0 + 55 * MIN)).toEqual({
      ok: false,
      refusal: { code: "cooldown", retryAfterMs: 15 * MIN },
    });
    expect(at(T0 + 30 * MIN)).toEqual({ ok: true });
    expect(at(T0 + 70 * MIN)).toEqual({ ok: true });
    expect(checkPlacedStamp(program, placed, { channel: "staff", count: 1, nowMs: T0 })).toEqual({
      ok: true,
    });
  });

  it("R8: the daily cap holds in every rolling 24 hours that holds the stamp", () => {
    const placed = [kiosk(T0), kiosk(T0 + 20 * 3_600_000, 2)];
    const at = (nowMs: number) =>
      checkPlacedStamp(program, placed, { channel: "kiosk", count: 1, nowMs });
    // Before both: the window ending at the later stamp holds all three.
    expect(at(T0 - 2 * 3_600_000)).toMatchObject({
      ok: false,
      refusal: { code: "daily-cap", max: 3 },
    });
    expect(at(T0 + 10 * 3_600_000)).toMatchObject({ ok: false, refusal: { code: "daily-cap" } });
    expect(at(T0 - 5 * 3_600_000)).toEqual({ ok: true });
    expect(at(T0 + 45 * 3_600_000)).toEqual({ ok: true });
  });
});

describe("rewards", () => {
  it("R6: readyRewards lists usable vouchers only", () => {
    const program = makeProgram({
      goal: 2,
      reward: { kind: "voucher", title: "Cake", redemption: { method: "self" }, validDays: 1 },
    });
    const f = new EventFactory();
    const events = [f.added(2), f.added(2), f.redeemed(1, "self"), f.added(2)];
    const state = foldCard(program, f.cardId, events);
    expect(readyRewards(state, f.nowMs).map((v) => v.cycle)).toEqual([2, 3]);
    expect(readyRewards(state, f.nowMs + 2 * 86_400_000)).toEqual([]);
  });

  it("R4: the lottery follows the weights and depends only on seed and voucher id", () => {
    const prizes = [
      { id: "coffee", title: "Coffee", weight: 90 },
      { id: "mug", title: "Mug", weight: 10 },
    ];
    const wins = new Map<string, number>();
    for (let i = 1; i <= 5000; i++) {
      const prize = lotteryPrize(
        "seed-0123456789abcdef",
        `c0000000-0000-4000-8000-000000000001:${i}`,
        prizes,
      );
      wins.set(prize.id, (wins.get(prize.id) ?? 0) + 1);
    }
    expect(wins.get("mug")).toBeGreaterThan(350);
    expect(wins.get("mug")).toBeLessThan(650);
    const id = "c0000000-0000-4000-8000-000000000001:7";
    expect(lotteryPrize("seed-0123456789abcdef", id, prizes)).toBe(
      lotteryPrize("seed-0123456789abcdef", id, prizes),
    );
  });

  it("R5: redeem codes are the merchant's fixed code or derived from the voucher", () => {
    const fixed = makeProgram({
      reward: {
        kind: "voucher",
        title: "10% off",
        redemption: {
          method: "code",
          format: "code128",
          code: { kind: "fixed", value: "POS-4711" },
        },
      },
    });
    const generated = makeProgram({
      reward: {
        kind: "voucher",
        title: "10% off",
        redemption: { method: "code", format: "text", code: { kind: "generated" } },
      },
    });
    expect(voucherCode(fixed.id, fixed.reward, "x:1")).toBe("POS-4711");
    const a = voucherCode(generated.id, generated.reward, "c0000000-0000-4000-8000-000000000001:1");
    const b = voucherCode(generated.id, generated.reward, "c0000000-0000-4000-8000-000000000001:2");
    expect(a).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(a).not.toBe(b);
    expect(
      voucherCode(generated.id, generated.reward, "c0000000-0000-4000-8000-000000000001:1"),
    ).toBe(a);
    expect(voucherCode(PROGRAM, makeProgram().reward, "x:1")).toBeUndefined();
  });

  it("R5: an EAN-13 program generates in-store numbers (GS1 prefix 2) with their check digit", () => {
    const ean: Program["reward"] = {
      kind: "voucher",
      title: "10% off",
      redemption: { method: "code", format: "ean13", code: { kind: "generated" } },
    };
    const codes = [1, 2, 3].map((cycle) =>
      voucherCode(PROGRAM, ean, `c0000000-0000-4000-8000-000000000001:${cycle}`),
    );
    for (const code of codes) {
      expect(code).toMatch(/^2\d{12}$/);
      expect(isEan13(code as string)).toBe(true);
    }
    expect(new Set(codes).size).toBe(3);
    expect(isEan13("4006381333931")).toBe(true);
    expect(isEan13("4006381333932")).toBe(false);
  });

  it("R5: a fixed EAN-13 must be a valid EAN-13; a fixed Code 128 printable ASCII", () => {
    const fixed = (format: "ean13" | "code128", value: string) =>
      parseProgram(
        makeProgram({
          reward: {
            kind: "voucher",
            title: "10% off",
            redemption: { method: "code", format, code: { kind: "fixed", value } },
          },
        }),
      );
    expect(fixed("ean13", "4006381333931").ok).toBe(true);
    expect(fixed("ean13", "4006381333932")).toMatchObject({
      ok: false,
      issues: [{ path: "reward.redemption.code.value" }],
    });
    expect(fixed("code128", "POS-4711").ok).toBe(true);
    expect(fixed("code128", "Café").ok).toBe(false);
  });

  it("R4: each prize's chance is its weight's share of the total, as the draw gives it", () => {
    expect(prizeChances([60, 30, 10])).toEqual([0.6, 0.3, 0.1]);
    expect(prizeChances([3, 1])).toEqual([0.75, 0.25]);
    expect(prizeChances([])).toEqual([]);
    const prizes = [
      { id: "a", title: "A", weight: 3 },
      { id: "b", title: "B", weight: 1 },
    ];
    let a = 0;
    for (let i = 0; i < 4000; i++)
      if (
        lotteryPrize(
          "seed-0123456789abcdef",
          `c0000000-0000-4000-8000-000000000001:${i + 1}`,
          prizes,
        ).id === "a"
      )
        a += 1;
    expect(a / 4000).toBeCloseTo(prizeChances([3, 1])[0] as number, 1);
  });
});
