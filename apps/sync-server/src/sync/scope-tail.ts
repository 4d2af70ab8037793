import { viewChanged } from "../storage/append/scope-entries";
import type { ScopeChange, ScopeFeed } from "../storage/scope-changes";
import type { EventPage, PullScope, Store } from "../storage/store";
import type { ViewRead, ViewRow } from "../storage/view-tail-store";
import { TailRows } from "./tail-page";

/** What the tail keeps (`ScopeTail`). */
export interface ScopeTailLimits {
  /** Of the whole instance, estimated from the rows' text: beyond it the least used scopes go. */
  readonly bytes: number;
  /** Rows one read brings at most: a view further behind than this is not kept but moved past. */
  readonly readRows: number;
  /** Rows kept of one scope: its oldest positions go first. */
  readonly keptRows: number;
}

export const DEFAULT_SCOPE_TAIL_LIMITS: ScopeTailLimits = {
  bytes: 16 * 1024 * 1024,
  readRows: 1_000,
  keptRows: 2_000,
};

/** A row's estimated size: its strings (one byte per character: JSON and ids) and the objects. */
const ROW_OVERHEAD = 160;

/**
 * How fresh a page must be. A till's own request (`asked`) read the log's head as it began
 * (before its own writes), and `head` is its view's newest position up to it: a page cut at that
 * position or a later one is what its own store read would have been at a moment of the request,
 * since heads only grow (only its cursor may stop short of the log's head, where the view has
 * nothing). A held pull woken by a
 * commit (`woken`) is cut from a read that started after the newest change this instance had heard
 * to its view when it woke (the changes that wake it: `viewChanged`): the tills woken with it share
 * that read, and stamps at the merchant's other locations meanwhile do not make it read again.
 */
export type PageFreshness =
  | { readonly kind: "asked"; readonly head: number }
  | { readonly kind: "woken" };

/** One scope's tail: its span, the tick of the newest change to its view heard, its read under way. */
interface Entry {
  readonly key: string;
  readonly merchantId: string;
  readonly scope: PullScope;
  span: TailRows | null;
  changedAt: number;
  flight: { readonly tick: number; readonly done: Promise<void> } | null;
}

/**
 * The newest rows of each scope's view the instance pulled, in memory, so that tills of a scope
 * share ONE store read and a pull at the head costs none: the tills woken by one stamp all read
 * the rows it brought from here (issue 13: a stamp woke ~100 held pulls of its location, each
 * reading the store on its own). Pages are exactly what `store.eventsAfter` would give at the
 * moment of the read they are cut from (`eventPage`'s rules: a till's own events left out, a page
 * never ends inside a position, the last one moves the cursor to the head).
 *
 * Only what a store read returned is kept (`viewAfter`: every row up to the log head it read, which
 * only passes committed positions), extended by later reads from its end: rows at positions
 * handed out never change, as appends only add positions after the head. The one write that adds
 * rows at old positions, a location joining a region, gives the region a new version, which is
 * another key here (`pull-scope.ts`). How fresh each page is: see `PageFreshness`.
 *
 * Bounded: `keptRows` per scope and `bytes` for the instance, the least recently pulled scope
 * dropped first. Keyed by merchant: a read is of one merchant's rows, a page of its key's.
 */
export class ScopeTail {
  readonly #store: Store;
  readonly #limits: ScopeTailLimits;
  /** Every entry, least recently pulled first. */
  readonly #entries = new Map<string, Entry>();
  readonly #byMerchant = new Map<string, Set<Entry>>();
  readonly #unsubscribe: () => void;
  /** Orders reads and changes heard: a read that started at a later tick saw the change. */
  #clock = 0;
  #bytes = 0;

  constructor(store: Store, feed: ScopeFeed, limits: ScopeTailLimits = DEFAULT_SCOPE_TAIL_LIMITS) {
    this.#store = store;
    this.#limits = limits;
    this.#unsubscribe = feed.subscribe((change) => this.#heard(change));
  }

  /** Bytes held now (estimated). */
  get bytes(): number {
    return this.#bytes;
  }

  /** The page `store.eventsAfter(merchantId, deviceId, scope, cursor, limit)` gives. */
  async page(
    device: { readonly id: string; readonly merchantId: string },
    scope: PullScope,
    cursor: number,
    limit: number,
    fresh: PageFreshness,
  ): Promise<EventPage> {
    const entry = this.#entry(device.merchantId, scope);
    const changedAt = entry.changedAt;
    const current = (span: TailRows) =>
      fresh.kind === "asked" ? span.end >= fresh.head : span.readAt > changedAt;
    let read = false;
    for (;;) {
      const span = entry.span;
      // Behind the kept rows: catching up, read as before.
      if (span !== null && cursor < span.base) break;
      if (span !== null && current(span) && cursor <= span.end)
        return span.page(device.id, cursor, limit);
      if (entry.flight) await entry.flight.done;
      else if (read) break;
      else {
        read = true;
        await this.#extend(entry, span === null ? cursor : span.end);
      }
    }
    return this.#store.eventsAfter(device.merchantId, device.id, scope, cursor, limit);
  }

  /**
   * Where a pull from `cursor` whose view has nothing after it up to the log's head `head` it read
   * (its view's newest position is at or before `cursor`) may move its cursor without a page: as
   * far toward `head` as the kept span reaches, inside it (its end, or `head` when the span was read
   * past it). Its next page is then cut from the span as a page read here would have been: a cursor
   * before the span's base reads the store, and one past its end reads the store from the span's
   * end at that round, after whatever that round commits (its own events come back in its page, a
   * card they joined compact). Null when no kept span covers such a cursor: the pull reads a page.
   */
  quietCursor(merchantId: string, scope: PullScope, cursor: number, head: number): number | null {
    const entry = this.#entries.get(entryKey(merchantId, scope));
    const span = entry?.span;
    if (!entry || !span) return null;
    const to = Math.min(head, span.end);
    if (cursor > to || to < span.base) return null;
    // Pulled as much as a page cut here: the scope is used.
    this.#used(entry);
    return to;
  }

  /** Stops hearing changes; what is kept is dropped. */
  close(): void {
    this.#unsubscribe();
    for (const entry of this.#entries.values()) this.#drop(entry);
  }

  #entry(merchantId: string, scope: PullScope): Entry {
    const key = entryKey(merchantId, scope);
    const known = this.#entries.get(key);
    if (known) {
      this.#used(known);
      return known;
    }
    const entry = { key, merchantId, scope, span: null, changedAt: this.#clock, flight: null };
    const ofMerchant = this.#byMerchant.get(merchantId) ?? new Set<Entry>();
    ofMerchant.add(entry);
    this.#byMerchant.set(merchantId, ofMerchant);
    this.#entries.set(key, entry);
    return entry;
  }

  /** Marks `entry` the most recently pulled: the last dropped when the tail is over its bytes. */
  #used(entry: Entry): void {
    this.#entries.delete(entry.key);
    this.#entries.set(entry.key, entry);
  }

  /** One read for every pull of the entry that waits on it: from `after` to the log's head. */
  #extend(entry: Entry, after: number): Promise<void> {
    const tick = ++this.#clock;
    const done = this.#store
      .viewAfter(entry.merchantId, entry.scope, after, this.#limits.readRows)
      .then((read) => this.#settle(entry, after, read, tick))
      .finally(() => {
        entry.flight = null;
      });
    entry.flight = { tick, done };
    return done;
  }

  #settle(entry: Entry, after: number, read: ViewRead, tick: number): void {
    const old = entry.span;
    // Too far behind to keep: the span starts again, empty, at the head.
    const rows = !read.complete
      ? []
      : old !== null && old.end === after
        ? [...old.rows, ...read.rows]
        : read.rows;
    const base = !read.complete ? read.head : old !== null && old.end === after ? old.base : after;
    const span = kept({ base, end: read.head, rows, readAt: tick }, this.#limits.keptRows);
    if (this.#entries.get(entry.key) !== entry) {
      // Dropped meanwhile (bytes, close): the pulls waiting on it are served, nothing is kept.
      entry.span = span;
      return;
    }
    this.#bytes += span.bytes - (old?.bytes ?? 0);
    entry.span = span;
    for (const [, least] of this.#entries) {
      if (this.#bytes <= this.#limits.bytes) break;
      this.#drop(least);
    }
  }

  #drop(entry: Entry): void {
    if (this.#entries.get(entry.key) !== entry) return;
    this.#entries.delete(entry.key);
    const ofMerchant = this.#byMerchant.get(entry.merchantId);
    ofMerchant?.delete(entry);
    if (ofMerchant?.size === 0) this.#byMerchant.delete(entry.merchantId);
    this.#bytes -= entry.span?.bytes ?? 0;
  }

  /** Marks the views the change may touch (as it wakes held pulls: `PullWait`), no others. */
  #heard(change: ScopeChange): void {
    const tick = ++this.#clock;
    if (change.kind === "everything") {
      for (const entry of this.#entries.values()) entry.changedAt = tick;
      return;
    }
    const changed = change.scopes === null ? null : new Set(change.scopes);
    for (const entry of this.#byMerchant.get(change.merchantId) ?? [])
      if (viewChanged(changed, entry.scope)) entry.changedAt = tick;
  }
}

/** The entry of a merchant's scope; a region's of one version (its rows change with a location). */
function entryKey(merchantId: string, scope: PullScope): string {
  switch (scope.kind) {
    case "merchant":
      return `${merchantId}\nmerchant`;
    case "location":
      return `${merchantId}\nlocation\n${scope.locationId}`;
    case "region":
      return `${merchantId}\nregion\n${scope.regionId}\n${scope.version}`;
    default: {
      const unreachable: never = scope;
      throw new Error(`unknown scope ${JSON.stringify(unreachable)}`);
    }
  }
}

function rowBytes(row: ViewRow): number {
  const { event } = row;
  return (
    ROW_OVERHEAD +
    event.body.length +
    event.id.length +
    event.cardId.length +
    event.hlc.length +
    row.deviceId.length
  );
}

/** The span of rows in (base, end] read at `readAt`, with at most `keptRows`: whole positions go from its start. */
function kept(
  span: { base: number; end: number; rows: readonly ViewRow[]; readAt: number },
  keptRows: number,
): TailRows {
  let { base, rows } = span;
  if (rows.length > keptRows) {
    let from = rows.length - keptRows;
    const posAt = (i: number) => (rows[i] as ViewRow).event.pos;
    while (from < rows.length && posAt(from) === posAt(from - 1)) from++;
    base = posAt(from - 1);
    rows = rows.slice(from);
  }
  const bytes = rows.reduce((sum, row) => sum + rowBytes(row), 0);
  return new TailRows(base, span.end, rows, bytes, span.readAt);
}
