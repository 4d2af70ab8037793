/** What the dashboard asks for: a range of days (UTC), optionally some locations. */
export interface DashboardQuery {
  /** Epoch ms, the start of a UTC day (inclusive). */
  readonly from: number;
  /** Epoch ms, the start of a UTC day (exclusive). */
  readonly to: number;
  /**
   * Locations' ids ('' for events made by no till: API, receipts, join page), null: all. A manager
   * tied to locations asks for theirs (never ''): an empty list finds nothing.
   */
  readonly locationIds: readonly string[] | null;
  /** The server's time: a cohort's N-day retention counts only customers who joined N days ago. */
  readonly now: number;
}

/** One UTC day's counts; days with none are left out. */
export interface DayFacts {
  /** Epoch ms of the day's start. */
  readonly day: number;
  /** Cards enrolled (card.enrolled events). */
  readonly enrolled: number;
  /** stamps.added events that still stand. */
  readonly visits: number;
  readonly stamps: number;
  /**
   * Rewards of completed cycles issued that day (stamp-core: not withdrawn since). Vouchers the
   * server granted (voucher.granted, SPEC G1) are no reward earned: not counted.
   */
  readonly earned: number;
  /** Rewards of completed cycles redeemed or handed over that day. */
  readonly redeemed: number;
}

export interface SplitFacts {
  /** The channel, or the location id ('' for none). */
  readonly key: string;
  readonly visits: number;
  readonly stamps: number;
}

/** Visits in one hour of one weekday (UTC; 0 = Sunday). */
export interface HourFacts {
  readonly weekday: number;
  readonly hour: number;
  readonly visits: number;
}

/**
 * The customers who joined in one month (UTC, "2026-11"): how many got a stamp, how many came
 * back for another, and of those who joined at least N days ago, how many visited N days or more
 * after joining.
 */
export interface CohortFacts {
  readonly month: string;
  readonly customers: number;
  readonly stamped: number;
  readonly returned: number;
  readonly retention: readonly {
    readonly days: number;
    readonly eligible: number;
    readonly kept: number;
  }[];
}

/**
 * Everything the dashboard charts, in a fixed order (days and cohorts ascending, splits by key,
 * hours by weekday then hour): what the store reads from its rollup equals what a fold of the
 * merchant's events gives (insight/dashboard-fold.ts, compared in the tests).
 */
export interface DashboardFacts {
  readonly days: readonly DayFacts[];
  readonly channels: readonly SplitFacts[];
  readonly locations: readonly SplitFacts[];
  readonly hours: readonly HourFacts[];
  readonly cohorts: readonly CohortFacts[];
}

export const RETENTION_DAYS = [30, 60, 90] as const;

export interface InsightStore {
  dashboardFacts(merchantId: string, query: DashboardQuery): Promise<DashboardFacts>;
}
