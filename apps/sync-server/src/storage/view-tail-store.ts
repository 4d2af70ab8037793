import type { PageEvent, PullScope } from "./store";

/** An event of a scope's view as the scope tail keeps it (`sync/scope-tail.ts`): who sent it too. */
export interface ViewRow {
  readonly event: PageEvent;
  readonly deviceId: string;
}

/**
 * A read of a view's newest events: `head` is the merchant's log head read with them (every
 * position up to it is committed, as for `eventsAfter`). `complete`: `rows` are every device's
 * events of the view after the asked position up to `head`; else there were more than asked for
 * and none are given.
 */
export type ViewRead =
  | { readonly complete: true; readonly head: number; readonly rows: readonly ViewRow[] }
  | { readonly complete: false; readonly head: number };

export interface ViewTailStore {
  /**
   * The events of `scope`'s view with positions after `after` up to the log's head, every
   * device's, in (position, sequence) order — what `eventsAfter` pages, before a till's own
   * events are left out — when they are at most `limit`.
   */
  viewAfter(merchantId: string, scope: PullScope, after: number, limit: number): Promise<ViewRead>;
}

/** A row of either adapter's read: the page's columns and the sending device's. */
export type ViewReadRow = PageEvent & { readonly deviceId: string };

/** `ViewRead` of `limit + 1` rows read up to `head`. */
export function viewRead(head: number, rows: readonly ViewReadRow[], limit: number): ViewRead {
  if (rows.length > limit) return { complete: false, head };
  return {
    complete: true,
    head,
    rows: rows.map(({ deviceId, ...event }) => ({ event, deviceId })),
  };
}
