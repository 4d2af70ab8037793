import { hlcMillis, type StampEvent } from "@stamp/core";

/** A stamps.added as the rollup needs it: where it counted, and how much. */
export interface CountedStamp {
  readonly cardId: string;
  readonly ms: number;
  /** The location of the till that gave it ('' for none). */
  readonly locationId: string;
  readonly channel: string;
  readonly count: number;
}

/** What a batch's plan reads of the log as it stood before the batch (loaded up front, in bulk). */
export interface ActivityLookups {
  /** The location of a device's till; '' for the server's device (API, receipts, join page). */
  readonly locationOf: ReadonlyMap<string, string>;
  /** Stored stamps.added events named by this batch's revocations, by id (this batch's aside). */
  readonly targets: ReadonlyMap<string, CountedStamp>;
  /** Of the ids asked about (this batch's stamps and revocation targets), those already revoked. */
  readonly revoked: ReadonlySet<string>;
}

/** The ids a batch's plan needs looked up (see `ActivityLookups`). */
export interface ActivityNeeds {
  readonly deviceIds: string[];
  readonly targetIds: string[];
  /** This batch's stamps and the revocations' targets: are they revoked already? */
  readonly revocable: string[];
}

export interface HourDelta {
  readonly hour: number;
  readonly locationId: string;
  readonly channel: string;
  enrolled: number;
  visits: number;
  stamps: number;
  /** Events of every type (on channel '' rows). */
  events: number;
}

export interface CardDelta {
  readonly cardId: string;
  /** Set when this batch enrolled the card. */
  enrolled: { readonly at: number; readonly locationId: string } | null;
  visits: number;
  lastVisitAt: number | null;
}

/** What a batch changes in the rollup: counts to add, targets now revoked, cards to recount. */
export interface ActivityPlan {
  readonly hours: HourDelta[];
  readonly cards: CardDelta[];
  readonly revoked: string[];
  /** Cards that lost a visit: their visit count and newest visit are read again from the log. */
  readonly recount: string[];
}

/** The rollup counts by the UTC hour. */
export const HOUR_MS = 3_600_000;

export function activityNeeds(events: readonly StampEvent[]): ActivityNeeds {
  const deviceIds = new Set<string>();
  const targetIds = new Set<string>();
  const revocable = new Set<string>();
  for (const event of events) {
    deviceIds.add(event.deviceId);
    if (event.type === "stamps.added") revocable.add(event.id);
    if (event.type === "stamps.revoked") {
      targetIds.add(event.targetId);
      revocable.add(event.targetId);
    }
  }
  return { deviceIds: [...deviceIds], targetIds: [...targetIds], revocable: [...revocable] };
}

export function countedStamp(
  event: StampEvent & { type: "stamps.added" },
  locationId: string,
): CountedStamp {
  return {
    cardId: event.cardId,
    ms: hlcMillis(event.hlc),
    locationId,
    channel: event.channel,
    count: event.count,
  };
}

/**
 * What the events a batch added to the log (in log order) change in the dashboard's rollup. A
 * visit is a stamps.added event that still stands; its time is the event's own (HLC), so a till
 * that was offline counts its stamps in the hours they were given. The first revocation of a stamp
 * takes its visit and stamps back from the hour, location and channel they were counted in; a
 * revocation that arrives before its stamp keeps the stamp from being counted at all.
 */
export function planActivity(
  events: readonly StampEvent[],
  lookups: ActivityLookups,
): ActivityPlan {
  const hours = new Map<string, HourDelta>();
  const cards = new Map<string, CardDelta>();
  const revoked = new Set<string>();
  const recount = new Set<string>();
  const added = new Map<string, CountedStamp>();
  const locationOf = (deviceId: string) => lookups.locationOf.get(deviceId) ?? "";
  // The last delta of each channel: a batch's events are mostly one till's in one hour, so most
  // find theirs without a key string made and hashed (issue 13: two per stamp).
  const recent = new Map<string, HourDelta>();
  const hour = (ms: number, locationId: string, channel: string) => {
    const at = Math.floor(ms / HOUR_MS) * HOUR_MS;
    const last = recent.get(channel);
    if (last !== undefined && last.hour === at && last.locationId === locationId) return last;
    const key = `${at}|${locationId}|${channel}`;
    let delta = hours.get(key);
    if (!delta) {
      delta = { hour: at, locationId, channel, enrolled: 0, visits: 0, stamps: 0, events: 0 };
      hours.set(key, delta);
    }
    recent.set(channel, delta);
    return delta;
  };
  const card = (cardId: string) => {
    let delta = cards.get(cardId);
    if (!delta) {
      delta = { cardId, enrolled: null, visits: 0, lastVisitAt: null };
      cards.set(cardId, delta);
    }
    return delta;
  };
  const isRevoked = (id: string) => revoked.has(id) || lookups.revoked.has(id);
  // A target in this batch counts only as this batch counted it (a revocation may come first).
  const inBatch = new Set(events.map((event) => event.id));

  for (const event of events) {
    hour(hlcMillis(event.hlc), locationOf(event.deviceId), "").events += 1;
    switch (event.type) {
      case "card.enrolled": {
        const ms = hlcMillis(event.hlc);
        hour(ms, locationOf(event.deviceId), "").enrolled += 1;
        card(event.cardId).enrolled = { at: ms, locationId: locationOf(event.deviceId) };
        break;
      }
      case "stamps.added": {
        if (isRevoked(event.id)) break;
        const stamp = countedStamp(event, locationOf(event.deviceId));
        added.set(event.id, stamp);
        const counted = hour(stamp.ms, stamp.locationId, stamp.channel);
        counted.visits += 1;
        counted.stamps += stamp.count;
        const delta = card(event.cardId);
        delta.visits += 1;
        delta.lastVisitAt = Math.max(delta.lastVisitAt ?? stamp.ms, stamp.ms);
        break;
      }
      case "stamps.revoked": {
        if (isRevoked(event.targetId)) break;
        revoked.add(event.targetId);
        const target = inBatch.has(event.targetId)
          ? added.get(event.targetId)
          : lookups.targets.get(event.targetId);
        if (!target) break;
        const counted = hour(target.ms, target.locationId, target.channel);
        counted.visits -= 1;
        counted.stamps -= target.count;
        recount.add(target.cardId);
        break;
      }
      case "voucher.redeemed":
      case "reward.handed_over":
      case "voucher.revealed":
      case "voucher.reminded":
      case "voucher.expired":
      case "stamps.expired":
      case "card.blocked":
      case "card.unblocked":
      case "voucher.granted":
        // Rewards are read from the cards' vouchers, the fold's own result; a voucher the server
        // granted (a treat, SPEC G1) is no reward earned. Each is card activity all the same.
        break;
      default: {
        const unknown: never = event;
        throw new Error(`no rollup rule for ${JSON.stringify(unknown)}`);
      }
    }
  }
  return {
    hours: [...hours.values()].filter(
      (d) => d.enrolled !== 0 || d.visits !== 0 || d.stamps !== 0 || d.events !== 0,
    ),
    cards: [...cards.values()],
    revoked: [...revoked],
    recount: [...recount],
  };
}

/** A card's visits and newest visit, from its stamps that still stand. */
export function visitsOf(stampTimes: readonly number[]): {
  visits: number;
  lastVisitAt: number | null;
} {
  return {
    visits: stampTimes.length,
    lastVisitAt: stampTimes.reduce<number | null>((a, b) => (a === null || b > a ? b : a), null),
  };
}

/** insight_days' share of a plan's hour counts: summed by UTC day (the events count stays hourly). */
export interface DayDelta {
  readonly day: number;
  readonly locationId: string;
  readonly channel: string;
  enrolled: number;
  visits: number;
  stamps: number;
}

const DAY_MS = 24 * HOUR_MS;

export function dayDeltas(hours: readonly HourDelta[]): DayDelta[] {
  const days = new Map<string, DayDelta>();
  for (const h of hours) {
    if (h.enrolled === 0 && h.visits === 0 && h.stamps === 0) continue;
    const day = Math.floor(h.hour / DAY_MS) * DAY_MS;
    const key = `${day}|${h.locationId}|${h.channel}`;
    const delta = days.get(key) ?? {
      day,
      locationId: h.locationId,
      channel: h.channel,
      enrolled: 0,
      visits: 0,
      stamps: 0,
    };
    delta.enrolled += h.enrolled;
    delta.visits += h.visits;
    delta.stamps += h.stamps;
    days.set(key, delta);
  }
  return [...days.values()];
}
