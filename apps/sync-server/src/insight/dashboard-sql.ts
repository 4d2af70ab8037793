import {
  type CohortFacts,
  type DashboardFacts,
  type DashboardQuery,
  type DayFacts,
  type HourFacts,
  RETENTION_DAYS,
  type SplitFacts,
} from "../storage/insight-store";
import { quietDay } from "./dashboard-summary";

const DAY_MS = 86_400_000;

/** What differs between the databases in the dashboard's queries. */
export interface SqlDialect {
  /** The n-th parameter (1-based). */
  param(n: number): string;
}

export interface SqlQuery {
  readonly text: string;
  readonly values: unknown[];
}

/** Each query's rows, as either driver returns them (PostgreSQL sums are strings). */
export type Row = Record<string, string | number | null>;

/** UTC month starts (epoch ms) from the month of `from` up to `to`. */
function monthStarts(from: number, to: number): number[] {
  const starts: number[] = [];
  const at = new Date(from);
  for (let m = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1); m < to; ) {
    starts.push(m);
    const next = new Date(m);
    m = Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 1);
  }
  return starts;
}

/**
 * The start of the UTC month of an epoch-ms column within the query's range: comparisons with the
 * range's month starts (at most 25), far cheaper per row than formatting a date.
 */
function monthOf(column: string, q: DashboardQuery): string {
  const [first, ...rest] = monthStarts(q.from, q.to);
  if (first === undefined) return "0";
  const steps = rest.map(
    (start, i) => `WHEN ${column} < ${start} THEN ${i === 0 ? first : rest[i - 1]}`,
  );
  return steps.length === 0 ? `${first}` : `CASE ${steps.join(" ")} ELSE ${rest.at(-1)} END`;
}

/** The six queries the dashboard runs, by name (see `dashboardFacts` for what they give). */
export function dashboardQueries(
  d: SqlDialect,
  merchantId: string,
  q: DashboardQuery,
): Record<keyof typeof SHAPES, SqlQuery> {
  const p = d.param;
  // Parameters 4… are the locations asked for; the one after them is now.
  const locations = q.locationIds ?? [];
  const among = (column: string) =>
    q.locationIds === null
      ? ""
      : locations.length === 0
        ? " AND 1 = 0"
        : ` AND ${column} IN (${locations.map((_, i) => p(4 + i)).join(", ")})`;
  const byLocation = among("location_id");
  const values = [merchantId, q.from, q.to, ...locations];
  const range = (column: string) =>
    `merchant_id = ${p(1)} AND ${column} >= ${p(2)} AND ${column} < ${p(3)}`;
  // Whole days from insight_days; the busiest hours from insight_hours.
  const rollup = (table: string, select: string, where: string, group: string, having: string) => ({
    text: `SELECT ${select} FROM ${table}
           WHERE ${range(table === "insight_days" ? "day" : "hour")}${byLocation}${where}
           GROUP BY ${group} HAVING ${having} ORDER BY ${group}`,
    values,
  });
  const counted = "sum(visits) <> 0 OR sum(stamps) <> 0";
  // insight_rewards holds the rewards of completed cycles only (granted ones stay in the state).
  const rewards = (step: "issued" | "redeemed") => ({
    text: `SELECT ${step}_day AS day, count(*) AS n FROM insight_rewards
           WHERE ${range(`${step}_day`)}${among(`${step}_location`)}
           GROUP BY ${step}_day`,
    values,
  });

  // The cohorts read the rollup kept on the cards' rows (`insight_*`).
  const after = (days: number) => `insight_enrolled_at + ${days * DAY_MS}`;
  const now = p(4 + locations.length);
  const retention = RETENTION_DAYS.map(
    (days) =>
      `sum(CASE WHEN ${after(days)} <= ${now} THEN 1 ELSE 0 END) AS eligible${days},
       sum(CASE WHEN ${after(days)} <= ${now} AND insight_last_visit_at >= ${after(days)}
         THEN 1 ELSE 0 END)
         AS kept${days}`,
  ).join(", ");
  return {
    days: rollup(
      "insight_days",
      "day, sum(enrolled) AS enrolled, sum(visits) AS visits, sum(stamps) AS stamps",
      "",
      "day",
      `sum(enrolled) <> 0 OR ${counted}`,
    ),
    channels: rollup(
      "insight_days",
      "channel AS key, sum(visits) AS visits, sum(stamps) AS stamps",
      " AND channel <> ''",
      "channel",
      counted,
    ),
    locations: rollup(
      "insight_days",
      "location_id AS key, sum(visits) AS visits, sum(stamps) AS stamps",
      " AND channel <> ''",
      "location_id",
      counted,
    ),
    // By hour in the index's order (no sort); `dashboardFacts` sums them by weekday and hour.
    hours: {
      text: `SELECT hour, sum(visits) AS visits FROM insight_hours
             WHERE ${range("hour")}${byLocation} AND channel <> '' GROUP BY hour`,
      values,
    },
    earned: rewards("issued"),
    redeemed: rewards("redeemed"),
    cohorts: {
      text: `SELECT ${monthOf("insight_enrolled_at", q)} AS month, count(*) AS customers,
               sum(CASE WHEN insight_visits >= 1 THEN 1 ELSE 0 END) AS stamped,
               sum(CASE WHEN insight_visits >= 2 THEN 1 ELSE 0 END) AS returned, ${retention}
             FROM cards
             WHERE ${range("insight_enrolled_at")}${among("insight_location_id")}
             GROUP BY month`,
      values: [...values, q.now],
    },
  };
}

const SHAPES = {
  days: true,
  channels: true,
  locations: true,
  hours: true,
  earned: true,
  redeemed: true,
  cohorts: true,
} as const;

const n = (value: string | number | null | undefined) => Number(value ?? 0);

/**
 * Visits by weekday (UTC, Sunday 0) and hour of the day, from visits by hour; those with none left
 * out, by weekday then hour. 1970-01-01 was a Thursday: day number + 4, modulo 7, is the weekday.
 */
function weekHours(rows: readonly Row[]): HourFacts[] {
  const visits = new Array<number>(7 * 24).fill(0);
  for (const row of rows) {
    const hour = n(row.hour);
    const slot =
      ((Math.floor(hour / DAY_MS) + 4) % 7) * 24 + Math.floor((hour % DAY_MS) / 3_600_000);
    visits[slot] = (visits[slot] as number) + n(row.visits);
  }
  return visits.flatMap((count, slot) =>
    count === 0 ? [] : [{ weekday: Math.floor(slot / 24), hour: slot % 24, visits: count }],
  );
}

/** The facts from the queries' rows. */
export function dashboardFacts(rows: Record<keyof typeof SHAPES, readonly Row[]>): DashboardFacts {
  const days = new Map<number, { -readonly [K in keyof DayFacts]: DayFacts[K] }>();
  const day = (at: number) => {
    let facts = days.get(at);
    if (!facts) {
      facts = quietDay(at);
      days.set(at, facts);
    }
    return facts;
  };
  for (const row of rows.days)
    Object.assign(day(n(row.day)), {
      enrolled: n(row.enrolled),
      visits: n(row.visits),
      stamps: n(row.stamps),
    });
  for (const row of rows.earned) day(n(row.day)).earned = n(row.n);
  for (const row of rows.redeemed) day(n(row.day)).redeemed = n(row.n);
  const split = (row: Row): SplitFacts => ({
    key: String(row.key),
    visits: n(row.visits),
    stamps: n(row.stamps),
  });
  const byKey = (a: SplitFacts, b: SplitFacts) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return {
    days: [...days.values()].sort((a, b) => a.day - b.day),
    channels: rows.channels.map(split).sort(byKey),
    locations: rows.locations.map(split).sort(byKey),
    hours: weekHours(rows.hours),
    cohorts: [...rows.cohorts]
      .sort((a, b) => n(a.month) - n(b.month))
      .map(
        (row): CohortFacts => ({
          month: new Date(n(row.month)).toISOString().slice(0, 7),
          customers: n(row.customers),
          stamped: n(row.stamped),
          returned: n(row.returned),
          retention: RETENTION_DAYS.map((days) => ({
            days,
            eligible: n(row[`eligible${days}`]),
            kept: n(row[`kept${days}`]),
          })),
        }),
      ),
  };
}

export const DASHBOARD_QUERIES = Object.keys(SHAPES) as (keyof typeof SHAPES)[];
