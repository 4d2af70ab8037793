// fast-check generators for programs and card histories, shared by the property tests and the bench.
import fc from "fast-check";
import type { Channel } from "../channel";
import { CHANNELS } from "../channel";
import type { StampEvent } from "../events";
import type { Program } from "../program";
import { grantedVoucherIdFor } from "../voucher-id";
import {
  cardIdFor,
  DEVICE,
  eventIdFor,
  hlcAt,
  MERCHANT,
  makeProgram,
  PROGRAM,
  T0,
} from "./fixtures";

export const programArb: fc.Arbitrary<Program> = fc
  .record({
    goal: fc.integer({ min: 1, max: 8 }),
    reward: fc.oneof(
      fc.constant<Program["reward"]>({ kind: "simple", title: "Free coffee" }),
      fc.integer({ min: 1, max: 3 }).map<Program["reward"]>((validDays) => ({
        kind: "voucher",
        title: "Cake",
        redemption: { method: "code", format: "text", code: { kind: "generated" } },
        validDays,
      })),
      fc.constant<Program["reward"]>({
        kind: "lottery",
        title: "Draw",
        seed: "seed-0123456789abcdef",
        prizes: [
          { id: "a", title: "A", weight: 2 },
          { id: "b", title: "B", weight: 1 },
        ],
        redemption: { method: "staff" },
      }),
    ),
    // Absent fields are the defaults: stamps never expire, reminders 3 days ahead (SPEC P7).
    expiry: fc.option(
      fc.record(
        {
          stampsAfterDays: fc.integer({ min: 1, max: 2 }),
          reminderDays: fc.integer({ min: 0, max: 2 }),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
  })
  .map(({ goal, reward, expiry }) =>
    makeProgram({ goal, reward, ...(expiry === undefined ? {} : { expiry }) }),
  );

const NODES = ["000000000000000a", "000000000000000b", "000000000000000c"];
const DAY_MS = 86_400_000;

const stepArb = fc.record({
  kind: fc.constantFrom(
    "added",
    "added",
    "added",
    "added",
    "revoked",
    "redeemed",
    "handover",
    "revealed",
    "voucher-reminded",
    "voucher-expired",
    "stamps-expired",
    "blocked",
    "unblocked",
    "enrolled",
    "granted",
    "granted-redeemed",
    "granted-expired",
  ),
  card: fc.nat(),
  // Seconds within a narrow window so that HLC ties and counters are common, over a few days so
  // that expiries (a day or more) happen too.
  day: fc.integer({ min: 0, max: 3 }),
  ms: fc.integer({ min: 0, max: 30 }),
  counter: fc.integer({ min: 0, max: 2 }),
  node: fc.constantFrom(...NODES),
  count: fc.integer({ min: 1, max: 7 }),
  pick: fc.nat(),
  channel: fc.constantFrom<Channel>(...CHANNELS),
});

/** A set of events over 1–3 cards of one program, with revokes aimed at real (or missing) stamps. */
export function historyArb(maxEvents = 60): fc.Arbitrary<StampEvent[]> {
  return fc
    .tuple(
      fc.integer({ min: 1, max: 3 }),
      fc.array(stepArb, { minLength: 1, maxLength: maxEvents }),
    )
    .map(([cards, steps]) => {
      const addedByCard = new Map<string, string[]>();
      return steps.map((step, i): StampEvent => {
        const cardId = cardIdFor((step.card % cards) + 1);
        const envelope = {
          id: eventIdFor(i + 1),
          v: 1 as const,
          hlc: hlcAt(T0 + step.day * DAY_MS + step.ms * 1000, step.counter, step.node),
          deviceId: DEVICE,
          merchantId: MERCHANT,
          programId: PROGRAM,
          cardId,
        };
        const cycle = 1 + (step.pick % 4);
        // Two grant keys per card, so a card is granted the same voucher twice now and then (G2).
        const granted = grantedVoucherIdFor(cardId, `treat-${step.pick % 2}`);
        switch (step.kind) {
          case "added": {
            addedByCard.set(cardId, [...(addedByCard.get(cardId) ?? []), envelope.id]);
            return { ...envelope, type: "stamps.added", count: step.count, channel: step.channel };
          }
          case "revoked": {
            const targets = addedByCard.get(cardId) ?? [];
            // Now and then aim at an event this history never holds.
            const targetId =
              targets.length > 0 && step.pick % 7 !== 0
                ? (targets[step.pick % targets.length] as string)
                : eventIdFor(900_000 + i);
            return { ...envelope, type: "stamps.revoked", targetId, reason: "undo" };
          }
          case "redeemed":
            return {
              ...envelope,
              type: "voucher.redeemed",
              voucherId: `${cardId}:${cycle}`,
              method: "staff",
            };
          case "handover":
            return { ...envelope, type: "reward.handed_over", voucherId: `${cardId}:${cycle}` };
          case "revealed":
            return { ...envelope, type: "voucher.revealed", voucherId: `${cardId}:${cycle}` };
          case "voucher-reminded":
            return { ...envelope, type: "voucher.reminded", voucherId: `${cardId}:${cycle}` };
          case "voucher-expired":
            return { ...envelope, type: "voucher.expired", voucherId: `${cardId}:${cycle}` };
          case "stamps-expired":
            return { ...envelope, type: "stamps.expired", inactiveDays: 1 + (step.pick % 2) };
          case "blocked":
            return { ...envelope, type: "card.blocked", reason: "abuse" };
          case "unblocked":
            return { ...envelope, type: "card.unblocked" };
          case "enrolled":
            return { ...envelope, type: "card.enrolled", source: "staff" };
          case "granted":
            return {
              ...envelope,
              type: "voucher.granted",
              voucherId: granted,
              title: step.pick % 3 === 0 ? "Birthday cake" : "Welcome back",
              reason: step.pick % 3 === 0 ? "birthday" : "win-back",
              ...(step.count > 3 ? { validDays: step.count - 3 } : {}),
            };
          case "granted-redeemed":
            return { ...envelope, type: "reward.handed_over", voucherId: granted };
          case "granted-expired":
            return { ...envelope, type: "voucher.expired", voucherId: granted };
          default:
            throw new Error(`unknown step ${step.kind}`);
        }
      });
    });
}
export { seededRandom, shuffle } from "./seeded-random";
