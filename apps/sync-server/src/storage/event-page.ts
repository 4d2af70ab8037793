import type { EventPage } from "./store";

type PageRows = readonly { readonly seq: number; readonly body: string }[];

/**
 * A page of the merchant's log after `cursor`, read up to `head` (the log row's, read first: every
 * position up to it is committed, so no page passes one that is still being written). `read` gives
 * at most `limit` rows after the cursor, skipping the asking device's own events — a till already
 * holds what it sent, and a backlog pushed by it is not sent back. A last page moves the cursor to
 * the head, past any of the device's own events there. Nothing new costs no read at all.
 */
export async function eventPage(
  head: number,
  cursor: number,
  limit: number,
  read: (limit: number) => PageRows | Promise<PageRows>,
): Promise<EventPage> {
  if (cursor >= head) return { bodies: [], cursor, more: false };
  const rows = await read(limit + 1);
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return {
    bodies: shown.map((row) => row.body),
    cursor: more ? (shown[shown.length - 1] as { seq: number }).seq : head,
    more,
  };
}
