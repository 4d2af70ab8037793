import type { StampEvent } from "./events";
import { hlcMillis } from "./hlc";
import { isOpenAt, type OpeningHours } from "./opening-hours";

/** Why a flag was raised (SPEC F1–F6). */
export const FRAUD_REASONS = [
  "linked-card",
  "burst-till",
  "burst-person",
  "after-hours",
  "manual-adjustments",
  "quick-redemption",
] as const;
export type FraudReason = (typeof FRAUD_REASONS)[number];

/** A merchant's limits; 0 switches a check off. */
export interface FraudThresholds {
  /** More stamps than this from one till or one person within `burstMinutes` (F2, F3). */
  readonly burstStamps: number;
  readonly burstMinutes: number;
  /** Stamps this long before opening or after closing are still fine (F4). */
  readonly afterHoursGraceMinutes: number;
  /** More adjustments by hand than this by one person in a UTC day (F5). */
  readonly adjustmentsPerDay: number;
  /** A voucher redeemed within this long of the card's last stamp, by the same person (F6). */
  readonly quickRedemptionMinutes: number;
}

export const DEFAULT_FRAUD_THRESHOLDS: FraudThresholds = {
  burstStamps: 30,
  burstMinutes: 10,
  afterHoursGraceMinutes: 15,
  adjustmentsPerDay: 10,
  quickRedemptionMinutes: 5,
};

/** An event of the log with the location of the till that made it (null: none). */
export interface PlacedEvent {
  readonly event: StampEvent;
  readonly locationId: string | null;
}

/** A change made by hand in the admin pages or the API (audit log), by `actorId`. */
export interface HandAdjustment {
  readonly id: string;
  readonly at: number;
  readonly actorId: string;
  readonly cardId: string | null;
}

/** Who a flag is about: a staff member, a till, or an admin account or API key. */
export interface FraudSubject {
  readonly kind: "staff" | "till" | "admin";
  readonly id: string;
}

/** One event (or hand adjustment) a flag points at. */
export interface FlaggedItem {
  readonly id: string;
  readonly cardId: string | null;
}

export interface FraudFlag {
  /** The same reason, subject and window always make the same key: a flag is raised once (F0). */
  readonly key: string;
  readonly reason: FraudReason;
  readonly subject: FraudSubject;
  readonly locationId: string | null;
  readonly windowStart: number;
  readonly windowEnd: number;
  /** Stamps (F1–F4), adjustments (F5) or redemptions (F6) it counts. */
  readonly count: number;
  /** What it counts, oldest first, at most MAX_FLAGGED_ITEMS. */
  readonly items: readonly FlaggedItem[];
}

export interface FraudInput {
  /** The events to count: a stretch of the log, or (an incremental round) the ones new since. */
  readonly events: readonly PlacedEvent[];
  /**
   * What F6 reads for a voucher's last stamp: the histories of the cards `events` touch (they
   * included). `events` when left out.
   */
  readonly cardEvents?: readonly PlacedEvent[];
  readonly adjustments: readonly HandAdjustment[];
  /** Cards linked to a staff member (their own or a relative's: same e-mail or full name). */
  readonly links: readonly { readonly staffId: string; readonly cardId: string }[];
  readonly hours: ReadonlyMap<string, OpeningHours>;
  readonly thresholds: FraudThresholds;
}

export const MAX_FLAGGED_ITEMS = 50;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Groups values by a key, keeping their order. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

interface Stamp {
  readonly id: string;
  readonly at: number;
  readonly cardId: string;
  readonly count: number;
  readonly deviceId: string;
  readonly staffId: string | undefined;
  readonly locationId: string | null;
}

function flag(
  reason: FraudReason,
  subject: FraudSubject,
  windowStart: number,
  windowMs: number,
  locationId: string | null,
  count: number,
  items: readonly FlaggedItem[],
  extra = "",
): FraudFlag {
  return {
    key: `${reason}:${subject.kind}:${subject.id}:${windowStart}${extra}`,
    reason,
    subject,
    locationId,
    windowStart,
    windowEnd: windowStart + windowMs,
    count,
    items: items.slice(0, MAX_FLAGGED_ITEMS),
  };
}

const item = (s: { id: string; cardId: string | null }): FlaggedItem => ({
  id: s.id,
  cardId: s.cardId,
});
const sum = (stamps: readonly Stamp[]) => stamps.reduce((n, s) => n + s.count, 0);
const byTime = <T extends { at: number; id: string }>(a: T, b: T) =>
  a.at - b.at || (a.id < b.id ? -1 : 1);
/** Who worked the till: the staff member, else the till itself. */
const person = (s: { staffId?: string | undefined; deviceId: string }): FraudSubject =>
  s.staffId ? { kind: "staff", id: s.staffId } : { kind: "till", id: s.deviceId };
const subjectKey = (s: FraudSubject) => `${s.kind}:${s.id}`;

/**
 * Bursts (F2, F3): per subject, fixed windows of `burstMinutes` from the epoch, so every run over
 * the same events finds the same windows; each window with its count, over the limit or not.
 */
function bursts(
  stamps: readonly Stamp[],
  t: FraudThresholds,
  reason: "burst-till" | "burst-person",
  subjectOf: (s: Stamp) => FraudSubject | null,
): FraudFlag[] {
  if (t.burstStamps <= 0 || t.burstMinutes <= 0) return [];
  const windowMs = t.burstMinutes * MINUTE_MS;
  const flags: FraudFlag[] = [];
  const bySubject = groupBy(stamps, (s) => {
    const subject = subjectOf(s);
    return subject && subjectKey(subject);
  });
  for (const group of bySubject.values()) {
    const subject = subjectOf(group[0] as Stamp) as FraudSubject;
    for (const [start, inWindow] of groupBy(group, (s) => `${s.at - (s.at % windowMs)}`))
      flags.push(
        flag(
          reason,
          subject,
          Number(start),
          windowMs,
          inWindow[0]?.locationId ?? null,
          sum(inWindow),
          inWindow.map(item),
        ),
      );
  }
  return flags;
}

const stampsOf = (events: readonly PlacedEvent[]): Stamp[] =>
  events
    .flatMap(({ event, locationId }) =>
      event.type === "stamps.added" && event.channel !== "api" && event.channel !== "receipt"
        ? [
            {
              id: event.id,
              at: hlcMillis(event.hlc),
              cardId: event.cardId,
              count: event.count,
              deviceId: event.deviceId,
              staffId: event.staffId,
              locationId,
            },
          ]
        : [],
    )
    .sort(byTime);

/**
 * The windows whose flag waits for a count over a limit (F2, F3, F5), each with what `input`
 * counts in it — over the limit or not, so a later round can add to it (fraud-round.ts).
 */
export function fraudTallies(input: FraudInput): FraudFlag[] {
  const stamps = stampsOf(input.events);
  return [
    ...bursts(stamps, input.thresholds, "burst-till", (s) => ({ kind: "till", id: s.deviceId })),
    ...bursts(stamps, input.thresholds, "burst-person", (s) =>
      s.staffId ? { kind: "staff", id: s.staffId } : null,
    ),
    ...manualAdjustments(input, input.thresholds),
  ];
}

/** Whether a window's count is over its limit (F2, F3, F5); the other flags need none. */
export function overLimit(tally: FraudFlag, t: FraudThresholds): boolean {
  switch (tally.reason) {
    case "burst-till":
    case "burst-person":
      return tally.count > t.burstStamps;
    case "manual-adjustments":
      return tally.count > t.adjustmentsPerDay;
    case "linked-card":
    case "after-hours":
    case "quick-redemption":
      return true;
  }
}

/** The flags raised by any one event of theirs, no count needed (F1, F4, F6). */
export function directFraudFlags(input: FraudInput): FraudFlag[] {
  const t = input.thresholds;
  const stamps = stampsOf(input.events);
  const flags: FraudFlag[] = [];
  // F1: a staff member stamping a card linked to them; one flag per card and UTC day.
  const links = new Set(input.links.map((l) => `${l.staffId}:${l.cardId}`));
  const linked = groupBy(stamps, (s) =>
    s.staffId && links.has(`${s.staffId}:${s.cardId}`)
      ? `${s.staffId}:${s.cardId}:${s.at - (s.at % DAY_MS)}`
      : null,
  );
  for (const group of linked.values()) {
    const first = group[0] as Stamp;
    flags.push(
      flag(
        "linked-card",
        person(first),
        first.at - (first.at % DAY_MS),
        DAY_MS,
        first.locationId,
        sum(group),
        group.map(item),
        `:${first.cardId}`,
      ),
    );
  }

  // F4: stamps while the till's location is closed; one flag per location, person and UTC day.
  const closed = groupBy(stamps, (s) => {
    const hours = s.locationId === null ? undefined : input.hours.get(s.locationId);
    if (!hours || isOpenAt(hours, s.at, t.afterHoursGraceMinutes)) return null;
    return `${s.locationId}:${subjectKey(person(s))}:${s.at - (s.at % DAY_MS)}`;
  });
  for (const group of closed.values()) {
    const first = group[0] as Stamp;
    const day = first.at - (first.at % DAY_MS);
    flags.push(
      flag(
        "after-hours",
        person(first),
        day,
        DAY_MS,
        first.locationId,
        sum(group),
        group.map(item),
        `:${first.locationId}`,
      ),
    );
  }

  flags.push(...quickRedemptions(input.cardEvents ?? input.events, t));
  return flags;
}

/** F5: undone stamps at a till and changes by hand, per person and UTC day, each day counted. */
function manualAdjustments(input: FraudInput, t: FraudThresholds): FraudFlag[] {
  if (t.adjustmentsPerDay <= 0) return [];
  const done = [
    ...input.adjustments.map((a) => ({
      id: a.id,
      at: a.at,
      cardId: a.cardId,
      subject: { kind: "admin", id: a.actorId } as FraudSubject,
      locationId: null as string | null,
    })),
    ...input.events.flatMap(({ event, locationId }) =>
      event.type === "stamps.revoked" && event.staffId
        ? [
            {
              id: event.id,
              at: hlcMillis(event.hlc),
              cardId: event.cardId as string | null,
              subject: { kind: "staff", id: event.staffId } as FraudSubject,
              locationId,
            },
          ]
        : [],
    ),
  ].sort(byTime);
  const days = groupBy(done, (a) => `${subjectKey(a.subject)}:${a.at - (a.at % DAY_MS)}`);
  return [...days.values()].map((group) => {
    const first = group[0] as (typeof group)[number];
    return flag(
      "manual-adjustments",
      first.subject,
      first.at - (first.at % DAY_MS),
      DAY_MS,
      first.locationId,
      group.length,
      group.map(item),
    );
  });
}

/** F6: a voucher redeemed soon after the card's last stamp, by whoever gave that stamp. */
function quickRedemptions(events: readonly PlacedEvent[], t: FraudThresholds): FraudFlag[] {
  if (t.quickRedemptionMinutes <= 0) return [];
  const windowMs = t.quickRedemptionMinutes * MINUTE_MS;
  const byCard = groupBy(
    events
      .filter(({ event }) =>
        ["stamps.added", "voucher.redeemed", "reward.handed_over"].includes(event.type),
      )
      .map((placed) => ({ ...placed, at: hlcMillis(placed.event.hlc), id: placed.event.id }))
      .sort(byTime),
    (p) => p.event.cardId,
  );
  const flags: FraudFlag[] = [];
  for (const events of byCard.values()) {
    let lastStamp: (typeof events)[number] | undefined;
    for (const placed of events) {
      const { event } = placed;
      if (event.type === "stamps.added") {
        lastStamp = placed;
        continue;
      }
      if (event.type !== "voucher.redeemed" && event.type !== "reward.handed_over") continue;
      if (!lastStamp || placed.at - lastStamp.at > windowMs) continue;
      const stamper = person(lastStamp.event);
      if (subjectKey(stamper) !== subjectKey(person(event))) continue;
      const raised = flag(
        "quick-redemption",
        stamper,
        lastStamp.at,
        placed.at - lastStamp.at,
        placed.locationId,
        1,
        [item({ id: lastStamp.id, cardId: event.cardId }), item(event)],
      );
      // One flag per voucher, whichever stamp a later run finds before it.
      flags.push({ ...raised, key: `quick-redemption:${subjectKey(stamper)}:${event.voucherId}` });
    }
  }
  return flags;
}
