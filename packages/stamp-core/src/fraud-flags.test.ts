import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StampEvent } from "./events";
import { DEFAULT_FRAUD_THRESHOLDS, type FraudInput, type PlacedEvent } from "./fraud-flags";
import { fraudFlags } from "./fraud-round";
import { isOpenAt, localMinute, type OpeningHours } from "./opening-hours";
import { cardIdFor, eventIdFor, seededRandom, shuffle } from "./testing/fixtures";
import {
  DAY,
  eventsOf,
  HOUR,
  hours,
  input,
  MINUTE,
  placed,
  SHOP,
  STAFF_A,
  STAFF_B,
  stamp,
  storyArb,
  TILL_2,
  tight,
} from "./testing/fraud-story";

const reasons = (i: FraudInput) => fraudFlags(i).map((f) => f.reason);

describe("fraud flags", () => {
  it("F1: flags stamps a staff member gives a card linked to them, once per card and day", () => {
    const events = [
      stamp(DAY + 10 * HOUR, { staffId: STAFF_A }),
      stamp(DAY + 11 * HOUR, { staffId: STAFF_A }),
      stamp(DAY + 11 * HOUR, { staffId: STAFF_B }),
    ];
    const flags = fraudFlags(
      input(events, { links: [{ staffId: STAFF_A, cardId: cardIdFor(1) }] }),
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      reason: "linked-card",
      subject: { kind: "staff", id: STAFF_A },
      count: 2,
      windowStart: DAY,
      locationId: SHOP,
    });
    expect(flags[0]?.items.map((i) => i.id)).toEqual(events.slice(0, 2).map((p) => p.event.id));
  });

  it("F2, F3: a burst of stamps from one till and one person in a window", () => {
    const events = Array.from({ length: 31 }, (_, i) =>
      stamp(DAY + 9 * HOUR + i * 1000, { staffId: STAFF_A, cardId: cardIdFor(100 + i) }),
    );
    const flags = fraudFlags(input(events));
    expect(flags.map((f) => [f.reason, f.subject.kind, f.count])).toEqual([
      ["burst-person", "staff", 31],
      ["burst-till", "till", 31],
    ]);
    // 30 is the limit, not over it; and two tills share no burst.
    expect(reasons(input(events.slice(1)))).toEqual([]);
    const split = events.map((p, i) =>
      i % 2 ? { ...p, event: { ...p.event, deviceId: TILL_2 } } : p,
    );
    expect(reasons(input(split))).toEqual(["burst-person"]);
  });

  it("F4: stamps outside the location's hours, with grace, once per person and day", () => {
    const hours: OpeningHours = {
      timeZone: "Europe/Berlin",
      days: [1, 2, 3, 4, 5],
      opens: 8 * 60,
      closes: 18 * 60,
    };
    // Berlin is UTC+1 in November: 17:10 UTC is 18:10 local (within grace), 17:30 is not.
    const events = [
      stamp(DAY + 12 * HOUR, { staffId: STAFF_A }),
      stamp(DAY + 17 * HOUR + 10 * MINUTE, { staffId: STAFF_A }),
      stamp(DAY + 17 * HOUR + 30 * MINUTE, { staffId: STAFF_A }),
      stamp(DAY + 20 * HOUR, { staffId: STAFF_A }),
      stamp(DAY + 20 * HOUR, {}, 1),
    ];
    const flags = fraudFlags(input(events, { hours: new Map([[SHOP, hours]]) }));
    expect(flags.map((f) => [f.reason, f.subject.kind, f.count])).toEqual([
      ["after-hours", "staff", 2],
      ["after-hours", "till", 1],
    ]);
    // No hours known: no flag.
    expect(reasons(input(events))).toEqual([]);
  });

  it("F4: hours past midnight and the local weekday", () => {
    const late: OpeningHours = { timeZone: "UTC", days: [5], opens: 20 * 60, closes: 2 * 60 };
    const friday = DAY + 2 * 86_400_000;
    expect(localMinute(friday, "UTC")).toEqual({ day: 5, minute: 0 });
    expect(isOpenAt(late, friday + 21 * HOUR, 0)).toBe(true);
    expect(isOpenAt(late, friday + 25 * HOUR, 0)).toBe(true);
    expect(isOpenAt(late, friday + 27 * HOUR, 0)).toBe(false);
    expect(isOpenAt(late, friday + 12 * HOUR, 0)).toBe(false);
    expect(localMinute(DAY + 23 * HOUR, "Asia/Almaty").day).toBe(4);
  });

  it("F5: many adjustments by hand by one person in a day", () => {
    const adjustments = Array.from({ length: 11 }, (_, i) => ({
      id: `a${i}`,
      at: DAY + HOUR + i * MINUTE,
      actorId: "admin-1",
      cardId: cardIdFor(i),
    }));
    const flags = fraudFlags(input([], { adjustments }));
    expect(flags.map((f) => [f.reason, f.subject.kind, f.count])).toEqual([
      ["manual-adjustments", "admin", 11],
    ]);
    expect(reasons(input([], { adjustments: adjustments.slice(1) }))).toEqual([]);
    const undone = Array.from({ length: 11 }, (_, i) =>
      placed(DAY + i * MINUTE, {
        type: "stamps.revoked",
        staffId: STAFF_B,
        targetId: eventIdFor(900 + i),
        reason: "oops",
      } as StampEvent),
    );
    expect(reasons(input(undone))).toEqual(["manual-adjustments"]);
  });

  it("F6: a voucher redeemed right after the last stamp, by the same person", () => {
    const voucherId = `${cardIdFor(1)}:1`;
    const last = stamp(DAY + HOUR, { staffId: STAFF_A });
    const redeem = (at: number, staffId: string) =>
      placed(at, { type: "voucher.redeemed", voucherId, method: "staff", staffId } as StampEvent);
    const quick = fraudFlags(input([last, redeem(DAY + HOUR + 2 * MINUTE, STAFF_A)]));
    expect(quick.map((f) => [f.reason, f.subject.id, f.items.length])).toEqual([
      ["quick-redemption", STAFF_A, 2],
    ]);
    expect(reasons(input([last, redeem(DAY + HOUR + 2 * MINUTE, STAFF_B)]))).toEqual([]);
    expect(reasons(input([last, redeem(DAY + HOUR + 6 * MINUTE, STAFF_A)]))).toEqual([]);
  });

  it("0 switches a check off", () => {
    const events = Array.from({ length: 40 }, (_, i) => stamp(DAY + i * 1000, {}));
    const off = { ...DEFAULT_FRAUD_THRESHOLDS, burstStamps: 0 };
    expect(reasons(input(events, { thresholds: off }))).toEqual([]);
  });

  it("F0: the same events in any order raise the same flags, each key once", () => {
    fc.assert(
      fc.property(storyArb, fc.integer(), (story, seed) => {
        const events = eventsOf(story);
        const shuffled = shuffle(events, seededRandom(seed));
        const run = (list: PlacedEvent[]) =>
          fraudFlags(
            input(list, {
              thresholds: tight,
              hours,
              links: [{ staffId: STAFF_A, cardId: cardIdFor(2) }],
            }),
          );
        const flags = run(events);
        expect(run(shuffled)).toEqual(flags);
        expect(new Set(flags.map((f) => f.key)).size).toBe(flags.length);
      }),
      { numRuns: 150 },
    );
  });

  it("F0: later events never take a flag away (a later run only adds)", () => {
    fc.assert(
      fc.property(storyArb, fc.nat(), (story, cut) => {
        const events = eventsOf(story).sort((a, b) => (a.event.hlc < b.event.hlc ? -1 : 1));
        const some = events.slice(0, events.length === 0 ? 0 : cut % (events.length + 1));
        const run = (list: PlacedEvent[]) =>
          new Set(fraudFlags(input(list, { thresholds: tight, hours })).map((f) => f.key));
        const all = run(events);
        for (const key of run(some)) expect(all.has(key)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
