import fc from "fast-check";
import type { StampEvent } from "../events";
import { DEFAULT_FRAUD_THRESHOLDS, type FraudInput, type PlacedEvent } from "../fraud-flags";
import { cardIdFor, DEVICE, eventIdFor, hlcAt, MERCHANT, PROGRAM, T0 } from "./fixtures";

// Events for the staff-fraud rules' tests: placed stamps, redemptions and undos of a few staff,
// tills and cards over three days (fraud-flags.test.ts, fraud-round.test.ts).

export const STAFF_A = "5a000000-0000-4000-8000-00000000000a";
export const STAFF_B = "5b000000-0000-4000-8000-00000000000b";
export const TILL_2 = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c05";
export const SHOP = "10000000-0000-4000-8000-000000000001";
/** 2026-11-18 00:00 UTC, a Wednesday. */
export const DAY = T0 - (T0 % 86_400_000);
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

let n = 0;
export function placed(
  at: number,
  body: Partial<StampEvent> & Pick<StampEvent, "type">,
  locationId: string | null = SHOP,
): PlacedEvent {
  n += 1;
  const event = {
    id: eventIdFor(n),
    v: 1,
    hlc: hlcAt(at),
    deviceId: DEVICE,
    merchantId: MERCHANT,
    programId: PROGRAM,
    cardId: cardIdFor(1),
    ...body,
  } as StampEvent;
  return { event, locationId };
}

export const stamp = (at: number, extra: Partial<StampEvent> = {}, count = 1) =>
  placed(at, { type: "stamps.added", channel: "staff", count, ...extra } as StampEvent);

export function input(events: PlacedEvent[], more: Partial<FraudInput> = {}): FraudInput {
  return {
    events,
    adjustments: [],
    links: [],
    hours: new Map(),
    thresholds: DEFAULT_FRAUD_THRESHOLDS,
    ...more,
  };
}

export interface Story {
  minute: number;
  staff: string | undefined;
  till: string;
  card: number;
  count: number;
  kind: string;
}
export const storyArb: fc.Arbitrary<Story[]> = fc.array(
  fc.record({
    minute: fc.integer({ min: 0, max: 3 * 24 * 60 }),
    staff: fc.constantFrom(STAFF_A, STAFF_B, undefined),
    till: fc.constantFrom(DEVICE, TILL_2),
    card: fc.integer({ min: 1, max: 4 }),
    count: fc.integer({ min: 1, max: 12 }),
    kind: fc.constantFrom("stamp", "stamp", "stamp", "redeem", "revoke"),
  }),
  { maxLength: 80 },
);
export const eventsOf = (story: readonly Story[]) =>
  story.map((s, i) => {
    const common = {
      id: eventIdFor(10_000 + i),
      deviceId: s.till,
      cardId: cardIdFor(s.card),
      ...(s.staff ? { staffId: s.staff } : {}),
    };
    const at = DAY + s.minute * MINUTE;
    if (s.kind === "redeem")
      return placed(at, {
        ...common,
        type: "voucher.redeemed",
        voucherId: `${cardIdFor(s.card)}:${i}`,
        method: "staff",
      } as StampEvent);
    if (s.kind === "revoke")
      return placed(at, {
        ...common,
        type: "stamps.revoked",
        targetId: eventIdFor(i),
        reason: "x",
      } as StampEvent);
    return stamp(at, common, s.count);
  });
export const tight = {
  burstStamps: 8,
  burstMinutes: 30,
  afterHoursGraceMinutes: 0,
  adjustmentsPerDay: 2,
  quickRedemptionMinutes: 20,
};
export const hours = new Map([
  [SHOP, { timeZone: "UTC", days: [1, 3, 5], opens: 480, closes: 1080 }],
]);
