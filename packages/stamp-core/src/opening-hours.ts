/**
 * A location's opening hours, in its own time zone: the same hours on each day it opens (SPEC F4).
 * `closes` at or before `opens` means it closes after midnight, on the next day.
 */
export interface OpeningHours {
  /** An IANA time zone, such as Europe/Berlin. */
  readonly timeZone: string;
  /** The days it opens: 0 Sunday … 6 Saturday. */
  readonly days: readonly number[];
  /** Minutes after local midnight. */
  readonly opens: number;
  readonly closes: number;
}

const MINUTES_PER_DAY = 24 * 60;
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const formats = new Map<string, Intl.DateTimeFormat>();

/** Whether `timeZone` is one this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The local weekday (0 Sunday) and minute of the day at `ms` in `timeZone`. */
export function localMinute(ms: number, timeZone: string): { day: number; minute: number } {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formats.set(timeZone, format);
  }
  const parts = new Map(format.formatToParts(ms).map((part) => [part.type, part.value]));
  return {
    day: WEEKDAYS.indexOf(parts.get("weekday") ?? ""),
    minute: Number(parts.get("hour")) * 60 + Number(parts.get("minute")),
  };
}

/**
 * Whether the location is open at `ms`, give or take `graceMinutes` at either end (a till
 * stamping the last customer after closing time is not suspicious).
 */
export function isOpenAt(hours: OpeningHours, ms: number, graceMinutes: number): boolean {
  const { day, minute } = localMinute(ms, hours.timeZone);
  const opensOn = (d: number) => hours.days.includes((d + 7) % 7);
  const from = hours.opens - graceMinutes;
  if (hours.closes > hours.opens)
    return opensOn(day) && minute >= from && minute < hours.closes + graceMinutes;
  // Open past midnight: the evening of an opening day, or the small hours after one.
  return (
    (opensOn(day) && minute >= from) ||
    (opensOn(day - 1) && minute < hours.closes + graceMinutes) ||
    (opensOn(day + 1) && minute >= MINUTES_PER_DAY + from)
  );
}
