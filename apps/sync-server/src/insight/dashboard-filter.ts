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
 * the merchant's locations (unknown ones read as all). Without dates: the last 30 days to today.
 */
export function dashboardFilter(
  fields: { from?: string | undefined; to?: string | undefined; location?: string | undefined },
  locationIds: readonly string[],
  now: number,
): DashboardFilter {
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
    fields.location === NO_LOCATION || locationIds.includes(fields.location ?? "")
      ? (fields.location as string)
      : "";
  return {
    from: isoDay(range.from),
    to: isoDay(range.to),
    location,
    invalid: given && !valid,
    query: {
      from: range.from,
      to: range.to + DAY_MS,
      locationIds: location === "" ? null : location === NO_LOCATION ? [""] : [location],
      now,
    },
  };
}
