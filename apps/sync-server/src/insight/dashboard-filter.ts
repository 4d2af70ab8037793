import type { WorkedLocations } from "../storage/card-within";
import type { DashboardQuery } from "../storage/insight-store";

export const DAY_MS = 86_400_000;
/** The longest range the dashboard shows at once. */
export const MAX_RANGE_DAYS = 731;
const DEFAULT_DAYS = 30;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the filter form shows (its fields as typed) and the query it makes. */
export interface DashboardFilter {
  readonly from: string;
  readonly to: string;
  /** "" for all locations, "none" for events made by no till, else a location id. */
  readonly location: string;
  /** The admin works at some locations only: "all" are theirs, and "no till" is not offered. */
  readonly tied: boolean;
  readonly query: DashboardQuery;
  /** The fields did not make a range (a bad date, the end before the start, too long). */
  readonly invalid: boolean;
}

/** The location filter's value for events made by no till (the store's ''). */
export const NO_LOCATION = "none";

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayOf = (text: string) => (DATE.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN);

/**
 * Reads the dashboard's GET form: `from` and `to` are UTC days (both included), `location` one of
 * `locationIds` (unknown ones read as all). Without dates: the last 30 days to today. An admin
 * tied to locations (`worked`) sees those of `locationIds` they work at: all of them, or one;
 * events made by no till are the whole merchant's, not theirs.
 */
export function dashboardFilter(
  fields: { from?: string | undefined; to?: string | undefined; location?: string | undefined },
  locationIds: readonly string[],
  now: number,
  worked: WorkedLocations = null,
): DashboardFilter {
  const offered = worked === null ? locationIds : locationIds.filter((id) => worked.includes(id));
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const fallback = { from: today - (DEFAULT_DAYS - 1) * DAY_MS, to: today };
  const given = fields.from !== undefined || fields.to !== undefined;
  const from = dayOf(fields.from ?? isoDay(fallback.from));
  const to = dayOf(fields.to ?? isoDay(fallback.to));
  const valid =
    Number.isFinite(from) &&
    Number.isFinite(to) &&
    from <= to &&
    to - from < MAX_RANGE_DAYS * DAY_MS;
  const range = valid ? { from, to } : fallback;
  const location =
    (fields.location === NO_LOCATION && worked === null) || offered.includes(fields.location ?? "")
      ? (fields.location as string)
      : "";
  const all = worked === null ? null : offered;
  return {
    from: isoDay(range.from),
    to: isoDay(range.to),
    location,
    tied: worked !== null,
    invalid: given && !valid,
    query: {
      from: range.from,
      to: range.to + DAY_MS,
      locationIds: location === "" ? all : location === NO_LOCATION ? [""] : [location],
      now,
    },
  };
}
