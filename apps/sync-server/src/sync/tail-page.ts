import type { EventPage, PageEvent } from "../storage/store";
import type { ViewRow } from "../storage/view-tail-store";

/** How many pages one read's rows hand out as shared objects (`TailRows.page`). */
const SHARED_PAGES = 4;

/**
 * The rows of a view with positions in (base, end], every device's, as one store read left them
 * (`scope-tail.ts`), and the pages cut from them. A page that skipped none of its till's own
 * events is the same for every till that has none there: for them all it is ONE object, so what
 * is built from a page (`compactPage`, the tills woken by one stamp: issue 13) is built once.
 */
export class TailRows {
  readonly #pages = new Map<string, EventPage>();

  constructor(
    readonly base: number,
    readonly end: number,
    readonly rows: readonly ViewRow[],
    readonly bytes: number,
    /** The tick at which the read that ended it started. */
    readonly readAt: number,
  ) {}

  /** `eventPage` over the rows (their end is the head they were read to), for `deviceId`. */
  page(deviceId: string, cursor: number, limit: number): EventPage {
    const { page, alone } = cut(this, deviceId, cursor, limit);
    if (alone) return page;
    const key = `${cursor} ${limit}`;
    const shared = this.#pages.get(key);
    if (shared) return shared;
    if (this.#pages.size < SHARED_PAGES) this.#pages.set(key, page);
    return page;
  }
}

/** First index of `rows` with a position after `cursor`. */
function firstAfter(rows: readonly ViewRow[], cursor: number): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((rows[mid] as ViewRow).event.pos <= cursor) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The page, and whether it is the device's `alone`: it left out an event of the device. */
function cut(
  span: TailRows,
  deviceId: string,
  cursor: number,
  limit: number,
): { readonly page: EventPage; readonly alone: boolean } {
  const head = span.end;
  if (cursor >= head) return { page: { rows: [], cursor, more: false }, alone: false };
  const shown: PageEvent[] = [];
  let next: PageEvent | null = null;
  let alone = false;
  for (let i = firstAfter(span.rows, cursor); i < span.rows.length; i++) {
    const row = span.rows[i] as ViewRow;
    if (row.deviceId === deviceId) {
      alone = true;
      continue;
    }
    if (shown.length === limit) {
      next = row.event;
      break;
    }
    shown.push(row.event);
  }
  if (next === null) return { page: { rows: shown, cursor: head, more: false }, alone };
  const at = next.pos;
  const rows = shown.filter((event) => event.pos !== at);
  // The first position alone holds more than a page: all of it (the device's left out).
  if (rows.length === 0) return { page: othersAt(span, deviceId, at, head), alone: true };
  const last = (rows[rows.length - 1] as PageEvent).pos;
  return { page: { rows, cursor: last, more: last < head }, alone };
}

function othersAt(span: TailRows, deviceId: string, pos: number, head: number): EventPage {
  const at: PageEvent[] = [];
  for (let i = firstAfter(span.rows, pos - 1); i < span.rows.length; i++) {
    const row = span.rows[i] as ViewRow;
    if (row.event.pos !== pos) break;
    if (row.deviceId !== deviceId) at.push(row.event);
  }
  return { rows: at, cursor: pos, more: pos < head };
}
