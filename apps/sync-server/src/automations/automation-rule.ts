import { hlcMillis, NON_EMPTY_TEXT, readyRewards } from "@stamp/core";
import * as v from "valibot";
import { lastVisitMs } from "../campaigns/audience";
import type { AudienceCandidate } from "../storage/campaign-store";

const DAY_MS = 86_400_000;
const whole = (min: number, max: number) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

/**
 * A voucher the automation grants with its message (stamp-core SPEC G1): its own reward text, valid
 * for `validDays` from the day it is granted.
 */
const TREAT = v.strictObject({ title: NON_EMPTY_TEXT(80), validDays: whole(1, 365) });
export type Treat = v.InferOutput<typeof TREAT>;

/** Each kind of automation with its settings; the defaults are what a new one starts with. */
export const AUTOMATION_SETTINGS = {
  /** A message `daysBefore` the customer's birthday, with a `treat` voucher if set; once a year. */
  birthday: v.strictObject({ daysBefore: whole(0, 30), treat: v.optional(TREAT) }),
  /**
   * No visit for `days`: a message to bring them back, optionally with a bonus — a stamp, or a
   * voucher; once per lapse.
   */
  "win-back": v.strictObject({
    days: whole(7, 3650),
    bonus: v.optional(
      v.variant("kind", [
        v.strictObject({ kind: v.literal("stamp") }),
        v.strictObject({ kind: v.literal("voucher"), treat: TREAT }),
      ]),
    ),
  }),
  /** At most `stampsLeft` from the reward and no visit for `idleDays`; once per reward cycle. */
  "almost-there": v.strictObject({ stampsLeft: whole(1, 5), idleDays: whole(1, 365) }),
  /** A reward ready and not used for `days`; once per reward. */
  "reward-waiting": v.strictObject({ days: whole(1, 365) }),
} as const;

export type AutomationKind = keyof typeof AUTOMATION_SETTINGS;
export const AUTOMATION_KINDS = Object.keys(AUTOMATION_SETTINGS) as AutomationKind[];

export type AutomationRule = {
  [K in AutomationKind]: {
    readonly kind: K;
    readonly settings: v.InferOutput<(typeof AUTOMATION_SETTINGS)[K]>;
  };
}[AutomationKind];

export const DEFAULT_SETTINGS: {
  [K in AutomationKind]: Extract<AutomationRule, { kind: K }>["settings"];
} = {
  birthday: { daysBefore: 7 },
  "win-back": { days: 60 },
  "almost-there": { stampsLeft: 1, idleDays: 14 },
  "reward-waiting": { days: 7 },
};

export function isAutomationKind(value: string): value is AutomationKind {
  return value in AUTOMATION_SETTINGS;
}

/** Settings of `kind` checked, or null when they do not hold. */
export function ruleOf(kind: AutomationKind, settings: unknown): AutomationRule | null {
  const parsed = v.safeParse(AUTOMATION_SETTINGS[kind], settings);
  return parsed.success ? ({ kind, settings: parsed.output } as AutomationRule) : null;
}

const utcDay = (ms: number) => Math.floor(ms / DAY_MS);

/** The birthday in `year` as a UTC day number; 29 February is the 28th in other years. */
function birthdayIn(year: number, month: number, day: number): number {
  const at = Date.UTC(year, month - 1, day);
  const rolled = new Date(at).getUTCMonth() !== month - 1;
  return utcDay(rolled ? Date.UTC(year, month - 1, day - 1) : at);
}

/**
 * Why the automation reaches this card now, as a key it is reached for at most once ("birthday-
 * 2027", "lapse-<last visit>", "cycle-3", "reward-2"), or null when it does not. Blocked cards:
 * never. Pure; the time is handed in.
 */
export function occasion(
  rule: AutomationRule,
  card: AudienceCandidate,
  nowMs: number,
): string | null {
  if (card.blocked) return null;
  switch (rule.kind) {
    case "birthday": {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(card.profile?.birthday ?? "");
      if (!match) return null;
      const today = utcDay(nowMs);
      const year = new Date(nowMs).getUTCFullYear();
      for (const y of [year, year + 1]) {
        const left = birthdayIn(y, Number(match[2]), Number(match[3])) - today;
        if (left >= 0 && left <= rule.settings.daysBefore) return `birthday-${y}`;
      }
      return null;
    }
    case "win-back": {
      const last = lastVisitMs(card);
      return nowMs - last >= rule.settings.days * DAY_MS ? `lapse-${last}` : null;
    }
    case "almost-there": {
      const { stamps, goal, cycles } = card.state;
      const idle = nowMs - lastVisitMs(card) >= rule.settings.idleDays * DAY_MS;
      return stamps > 0 && goal - stamps <= rule.settings.stampsLeft && idle
        ? `cycle-${cycles}`
        : null;
    }
    case "reward-waiting": {
      const waiting = readyRewards(card.state, nowMs).find(
        (voucher) => nowMs - hlcMillis(voucher.issuedAt) >= rule.settings.days * DAY_MS,
      );
      return waiting ? `reward-${waiting.cycle}` : null;
    }
    default: {
      const unreachable: never = rule;
      throw new Error(`unknown automation ${JSON.stringify(unreachable)}`);
    }
  }
}
