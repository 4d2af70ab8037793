import { hlcMillis, readyRewards } from "@stamp/core";
import * as v from "valibot";
import type { AudienceCandidate } from "../storage/campaign-store";

const DAY_MS = 86_400_000;
const Days = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650));

const SingleAudience = v.variant("kind", [
  v.strictObject({ kind: v.literal("everyone") }),
  /** A stamp within the last `days`. */
  v.strictObject({ kind: v.literal("active"), days: Days }),
  /** No stamp for `days` (a card never stamped counts from its enrolment). */
  v.strictObject({ kind: v.literal("lapsed"), days: Days }),
  /** At most `stampsLeft` stamps from the next reward. */
  v.strictObject({
    kind: v.literal("close-to-reward"),
    stampsLeft: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)),
  }),
  /** A reward ready and not used. */
  v.strictObject({ kind: v.literal("unused-voucher") }),
  /** The customer gave a birthday in this month (UTC). */
  v.strictObject({ kind: v.literal("birthday-month") }),
]);

/** Who a campaign goes to: one rule, or cards meeting every rule of a combination. */
export const AudienceSchema = v.union([
  SingleAudience,
  v.strictObject({
    kind: v.literal("all-of"),
    rules: v.pipe(v.array(SingleAudience), v.minLength(1), v.maxLength(6)),
  }),
]);

export type Audience = v.InferOutput<typeof AudienceSchema>;
type SingleAudience = v.InferOutput<typeof SingleAudience>;

export const AUDIENCE_KINDS = [
  "everyone",
  "active",
  "lapsed",
  "close-to-reward",
  "unused-voucher",
  "birthday-month",
] as const satisfies readonly SingleAudience["kind"][];

/**
 * When the customer last came — the newest stamp that was a visit, not a bonus the server granted
 * (stamp-core SPEC G5) — else when the card was made.
 */
export function lastVisitMs(card: AudienceCandidate): number {
  const { lastStampHlc, lastVisitHlc } = card.state;
  const visit = lastVisitHlc === undefined ? lastStampHlc : lastVisitHlc;
  return visit === null ? card.createdAt : hlcMillis(visit);
}

function meets(rule: SingleAudience, card: AudienceCandidate, nowMs: number): boolean {
  switch (rule.kind) {
    case "everyone":
      return true;
    case "active":
      return card.state.lastStampHlc !== null && lastVisitMs(card) > nowMs - rule.days * DAY_MS;
    case "lapsed":
      return lastVisitMs(card) <= nowMs - rule.days * DAY_MS;
    case "close-to-reward":
      return card.state.goal - card.state.stamps <= rule.stampsLeft;
    case "unused-voucher":
      return readyRewards(card.state, nowMs).length > 0;
    case "birthday-month": {
      const month = /^\d{4}-(\d{2})-\d{2}$/.exec(card.profile?.birthday ?? "")?.[1];
      return month !== undefined && Number(month) === new Date(nowMs).getUTCMonth() + 1;
    }
    default: {
      const unreachable: never = rule;
      throw new Error(`unknown audience ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Whether the card is in the audience; a blocked card is in none. */
export function inAudience(audience: Audience, card: AudienceCandidate, nowMs: number): boolean {
  if (card.blocked) return false;
  const rules = audience.kind === "all-of" ? audience.rules : [audience];
  return rules.every((rule) => meets(rule, card, nowMs));
}
