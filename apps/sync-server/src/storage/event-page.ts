import type { EventPage, PageEvent } from "./store";

/** Events as a pull reads them (`PageEvent`: position, id, card, HLC and text). */
export type PageRows = readonly PageEvent[];

/**
 * A page of a scope's view of the merchant's log after `cursor`, read up to `head` (the log row's,
 * read first: every position up to it is committed, so no page passes one that is still being
 * written). `scopeHead` is the newest position of the scope (its high-water mark): when it is not
 * past the cursor, nothing is read and the cursor moves to `head`. `read` gives at most `limit`
 * rows after the cursor in (position, seq) order, skipping the asking device's own events — a till
 * already holds what it sent, and a backlog pushed by it is not sent back. A last page moves the
 * cursor to the head, past any of the device's own events there.
 *
 * In a location's view several events share one position (a card's earlier events shown again
 * where it joined the location): a page never ends inside a position, since the next one starts
 * after it. When the first position alone holds more than `limit`, `readAt` gives all of it.
 */
export async function eventPage(
  bounds: { readonly head: number; readonly scopeHead: number; readonly cursor: number },
  limit: number,
  read: (limit: number) => PageRows | Promise<PageRows>,
  readAt: (pos: number) => PageRows | Promise<PageRows> = () => [],
): Promise<EventPage> {
  const { head, scopeHead, cursor } = bounds;
  if (cursor >= head) return { rows: [], cursor, more: false };
  if (cursor >= scopeHead) return { rows: [], cursor: head, more: false };
  const rows = await read(limit + 1);
  if (rows.length <= limit) return { rows, cursor: head, more: false };
  const cut = (rows[limit] as PageEvent).pos;
  let shown: PageRows = rows.slice(0, limit).filter((row) => row.pos !== cut);
  if (shown.length === 0) shown = await readAt(cut);
  const last = (shown[shown.length - 1] as PageEvent).pos;
  return { rows: shown, cursor: last, more: last < head };
}
