import { foldCard, hlcMillis, type Program, type StampEvent } from "@stamp/core";
import { quietDay } from "../src/insight/dashboard-summary";
import type { ExportedEvent } from "../src/storage/export-store";
import {
  type CohortFacts,
  type DashboardFacts,
  type DashboardQuery,
  type DayFacts,
  type HourFacts,
  RETENTION_DAYS,
  type SplitFacts,
} from "../src/storage/insight-store";

const DAY_MS = 86_400_000;

type Counts = { -readonly [K in keyof DayFacts]: DayFacts[K] };

/**
 * The dashboard's figures the slow, obvious way: straight from the merchant's events in log order
 * (with each event's till location, as the events export gives them), the cards folded by
 * stamp-core. Tests compare what the store reads from its rollup with this.
 */
export function dashboardByFold(
  logged: readonly ExportedEvent[],
  program: Program,
  query: DashboardQuery,
): DashboardFacts {
  const locationOf = new Map(logged.map((row) => [row.event.id, row.locationId ?? ""]));
  const revoked = new Set<string>();
  for (const { event } of logged)
    if (event.type === "stamps.revoked" && !revoked.has(event.targetId))
      revoked.add(event.targetId);
  const inRange = (ms: number) => ms >= query.from && ms < query.to;
  const here = (eventId: string) =>
    query.locationIds === null || query.locationIds.includes(locationOf.get(eventId) ?? "");

  const days = new Map<number, Counts>();
  const day = (ms: number) => {
    const at = Math.floor(ms / DAY_MS) * DAY_MS;
    const counts = days.get(at) ?? quietDay(at);
    days.set(at, counts);
    return counts;
  };
  const channels = new Map<string, { visits: number; stamps: number }>();
  const locations = new Map<string, { visits: number; stamps: number }>();
  const hours = new Map<string, HourFacts>();
  const cards = new Map<
    string,
    { enrolledAt: number | null; locationId: string; visits: number; last: number | null }
  >();
  const card = (cardId: string) => {
    const facts = cards.get(cardId) ?? { enrolledAt: null, locationId: "", visits: 0, last: null };
    cards.set(cardId, facts);
    return facts;
  };
  const add = (
    split: Map<string, { visits: number; stamps: number }>,
    key: string,
    count: number,
  ) => {
    const sums = split.get(key) ?? { visits: 0, stamps: 0 };
    sums.visits += 1;
    sums.stamps += count;
    split.set(key, sums);
  };

  const byCard = new Map<string, StampEvent[]>();
  for (const { event } of logged) {
    byCard.set(event.cardId, [...(byCard.get(event.cardId) ?? []), event]);
    const ms = hlcMillis(event.hlc);
    if (event.type === "card.enrolled") {
      Object.assign(card(event.cardId), { enrolledAt: ms, locationId: locationOf.get(event.id) });
      if (inRange(ms) && here(event.id)) day(ms).enrolled += 1;
    }
    if (event.type !== "stamps.added" || revoked.has(event.id)) continue;
    const facts = card(event.cardId);
    facts.visits += 1;
    facts.last = Math.max(facts.last ?? ms, ms);
    if (!inRange(ms) || !here(event.id)) continue;
    const counts = day(ms);
    counts.visits += 1;
    counts.stamps += event.count;
    add(channels, event.channel, event.count);
    add(locations, locationOf.get(event.id) ?? "", event.count);
    const at = new Date(ms);
    const key = `${at.getUTCDay()}|${at.getUTCHours()}`;
    const hour = hours.get(key) ?? { weekday: at.getUTCDay(), hour: at.getUTCHours(), visits: 0 };
    hours.set(key, { ...hour, visits: hour.visits + 1 });
  }

  const eventAt = new Map(logged.map(({ event }) => [`${event.cardId}|${event.hlc}`, event.id]));
  for (const [cardId, events] of byCard) {
    // The rewards of completed cycles: vouchers the server granted (`granted`) are none (SPEC G1).
    for (const voucher of foldCard(program, cardId, events).vouchers) {
      const issued = hlcMillis(voucher.issuedAt);
      const issuedBy = eventAt.get(`${cardId}|${voucher.issuedAt}`) ?? "";
      if (voucher.status !== "withdrawn" && inRange(issued) && here(issuedBy))
        day(issued).earned += 1;
      if (voucher.status !== "redeemed" || !voucher.redeemedAt || !voucher.redeemedBy) continue;
      const redeemed = hlcMillis(voucher.redeemedAt);
      if (inRange(redeemed) && here(voucher.redeemedBy)) day(redeemed).redeemed += 1;
    }
  }

  const cohorts = new Map<string, CohortFacts>();
  for (const facts of cards.values()) {
    const { enrolledAt } = facts;
    if (enrolledAt === null || !inRange(enrolledAt)) continue;
    if (query.locationIds !== null && !query.locationIds.includes(facts.locationId)) continue;
    const month = new Date(enrolledAt).toISOString().slice(0, 7);
    const cohort = cohorts.get(month) ?? {
      month,
      customers: 0,
      stamped: 0,
      returned: 0,
      retention: RETENTION_DAYS.map((days) => ({ days, eligible: 0, kept: 0 })),
    };
    cohorts.set(month, {
      month,
      customers: cohort.customers + 1,
      stamped: cohort.stamped + (facts.visits >= 1 ? 1 : 0),
      returned: cohort.returned + (facts.visits >= 2 ? 1 : 0),
      retention: cohort.retention.map(({ days, eligible, kept }) => {
        const after = enrolledAt + days * DAY_MS;
        const counts = after <= query.now;
        return {
          days,
          eligible: eligible + (counts ? 1 : 0),
          kept: kept + (counts && facts.last !== null && facts.last >= after ? 1 : 0),
        };
      }),
    });
  }

  const splits = (split: Map<string, { visits: number; stamps: number }>): SplitFacts[] =>
    [...split]
      .filter(([, s]) => s.visits !== 0 || s.stamps !== 0)
      .map(([key, s]) => ({ key, ...s }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    days: [...days.values()]
      .filter((d) => d.enrolled || d.visits || d.stamps || d.earned || d.redeemed)
      .sort((a, b) => a.day - b.day),
    channels: splits(channels),
    locations: splits(locations),
    hours: [...hours.values()].sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
    cohorts: [...cohorts.values()].sort((a, b) => (a.month < b.month ? -1 : 1)),
  };
}
