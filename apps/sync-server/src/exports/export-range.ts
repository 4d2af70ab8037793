import { isoToMs } from "@stamp/core";

const DAY = 86_400_000;
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A bound of an export's range as the query gives it: a calendar day (UTC) or an instant with
 * its offset. `end`: a day bound means the end of that day, so `from=2026-11-01&to=2026-11-30`
 * is the whole of November. Null when it is neither.
 */
export function rangeBound(text: string, end: boolean): number | null {
  if (CALENDAR_DAY.test(text)) {
    const start = isoToMs(`${text}T00:00:00.000Z`);
    return start === null ? null : end ? start + DAY : start;
  }
  // An instant needs a time and an offset: a bare local time would depend on the server's zone.
  if (!/T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
