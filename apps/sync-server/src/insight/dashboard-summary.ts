import type { DashboardFacts, DayFacts } from "../storage/insight-store";
import { DAY_MS } from "./dashboard-filter";

export interface DashboardTotals {
  readonly enrolled: number;
  readonly visits: number;
  readonly stamps: number;
  readonly earned: number;
  readonly redeemed: number;
  /** Redeemed per earned, null when none were earned. */
  readonly redemptionRate: number | null;
  /** Of the customers who joined and got a stamp, those who came back; null when none did. */
  readonly returningRate: number | null;
}

/** The range's totals and rates, from its facts. */
export function dashboardTotals(facts: DashboardFacts): DashboardTotals {
  const sum = (key: keyof Omit<DayFacts, "day">) => facts.days.reduce((n, d) => n + d[key], 0);
  const earned = sum("earned");
  const redeemed = sum("redeemed");
  const stamped = facts.cohorts.reduce((n, c) => n + c.stamped, 0);
  const returned = facts.cohorts.reduce((n, c) => n + c.returned, 0);
  return {
    enrolled: sum("enrolled"),
    visits: sum("visits"),
    stamps: sum("stamps"),
    earned,
    redeemed,
    redemptionRate: earned === 0 ? null : redeemed / earned,
    returningRate: stamped === 0 ? null : returned / stamped,
  };
}

/** A day with nothing counted yet (`day`: epoch ms of its start). */
export function quietDay(day: number): { -readonly [K in keyof DayFacts]: DayFacts[K] } {
  return { day, enrolled: 0, visits: 0, stamps: 0, earned: 0, redeemed: 0 };
}

/** Every day of `[from, to)`, those without facts as zeros: a chart's x axis. */
export function everyDay(facts: DashboardFacts, from: number, to: number): DayFacts[] {
  const known = new Map(facts.days.map((d) => [d.day, d]));
  const days: DayFacts[] = [];
  for (let day = from; day < to; day += DAY_MS) days.push(known.get(day) ?? quietDay(day));
  return days;
}
