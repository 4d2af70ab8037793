import type { PlacedStamp, Program, StampEvent } from "@stamp/core";
import type { CardTail, SnapshotKey, SnapshotPolicy } from "../append/card-snapshots";
import {
  type AppendPlan,
  type CardAtHand,
  type LedgerView,
  planAppend,
} from "../append/plan-append";
import { type PlacementRow, storedPlacement } from "../append/stored-placement";
import type { SnapshotCache } from "../snapshot-cache";
import type { AppendBatch, EventOwner } from "../store";
import { readCardEvents } from "./batch-reads";
import type { PgTx } from "./pg-context";

/** Rows a batch's plan reads, fetched for the whole batch at once. */
interface Loaded {
  readonly programs: Map<string, Program | null>;
  readonly cards: Map<string, CardAtHand | null>;
  readonly stored: Map<string, string>;
  /** The merchant's events that the batch's revocations name. */
  readonly owners: Map<string, EventOwner | null>;
  readonly cardEvents: Map<string, StampEvent[]>;
  readonly snapshots: Map<string, SnapshotKey[]>;
  /** A card's snapshot (by its event count) with the events after it. */
  readonly tails: Map<string, { readonly at: number; readonly tail: CardTail | null }>;
  /** A card's stored stamps placed after `fromMs`, read when admission first asks. */
  readonly placed: Map<string, { readonly fromMs: number; readonly stamps: PlacedStamp[] }>;
}

/** What a planning round found it lacks: events of cards to refold, placed stamps of cards. */
interface Missing {
  readonly cardEvents: Set<string>;
  readonly snapshots: Set<string>;
  readonly tails: Map<string, SnapshotKey>;
  /** Card → the earliest time asked for. */
  readonly placed: Map<string, number>;
}

/** What planning a batch needs besides its rows: how snapshots are taken, and those decoded. */
export interface Planning {
  readonly policy: SnapshotPolicy;
  readonly snapshots: SnapshotCache;
}

/**
 * Plans the batch from the rows read; when the plan needs the events of cards to refold, or the
 * stamps placed near an event, reads them and plans again (each round knows more, so it ends;
 * most batches need one). Admission is pure, so asking it again is harmless (see Admit).
 */
export async function planBatch(
  tx: PgTx,
  batch: AppendBatch,
  read: Pick<Loaded, "programs" | "cards" | "stored" | "owners">,
  planning: Planning,
): Promise<AppendPlan> {
  const loaded: Loaded = {
    ...read,
    cardEvents: new Map(),
    snapshots: new Map(),
    tails: new Map(),
    placed: new Map(),
  };
  for (;;) {
    const missing: Missing = {
      cardEvents: new Set(),
      snapshots: new Set(),
      tails: new Map(),
      placed: new Map(),
    };
    const view: LedgerView = {
      program: (id) => loaded.programs.get(id) ?? null,
      card: (id) => loaded.cards.get(id) ?? null,
      storedBody: (id) => loaded.stored.get(id) ?? null,
      eventOwner: (id) => loaded.owners.get(id) ?? null,
      cardEvents: (id) => {
        const events = loaded.cardEvents.get(id);
        if (events) return events;
        missing.cardEvents.add(id);
        return [];
      },
      snapshots: (id) => {
        const keys = loaded.snapshots.get(id);
        if (keys) return keys;
        missing.snapshots.add(id);
        return [];
      },
      cardTail: (id, at) => {
        const known = loaded.tails.get(id);
        if (known?.at === at.eventCount) return known.tail;
        missing.tails.set(id, at);
        return null;
      },
      placedStamps: (id, fromMs, toMs) => {
        const known = loaded.placed.get(id);
        if (known && known.fromMs <= fromMs)
          return known.stamps.filter((stamp) => stamp.ms > fromMs && stamp.ms < toMs);
        missing.placed.set(id, Math.min(fromMs, missing.placed.get(id) ?? fromMs));
        return [];
      },
    };
    const plan = planAppend(batch, view, planning.policy);
    const complete =
      missing.cardEvents.size === 0 &&
      missing.snapshots.size === 0 &&
      missing.tails.size === 0 &&
      missing.placed.size === 0;
    if (complete) return plan;
    await loadMissing(tx, batch.merchantId, loaded, missing, planning.snapshots);
  }
}

/**
 * Reads what a planning round lacked. A card's snapshots come first: the round asked for all its
 * events only because it did not know them yet, and a snapshot may spare reading them.
 */
async function loadMissing(
  tx: PgTx,
  merchantId: string,
  loaded: Loaded,
  missing: Missing,
  snapshots: SnapshotCache,
): Promise<void> {
  if (missing.snapshots.size > 0) {
    const ids = [...missing.snapshots];
    for (const id of ids) loaded.snapshots.set(id, []);
    for (const { card_id, ...key } of await tx.query<SnapshotKey & { card_id: string }>(
      "snapshot-keys",
      `SELECT card_id, event_count AS "eventCount", last_hlc AS "lastHlc", last_id AS "lastId"
         FROM card_snapshots WHERE card_id = ANY($1::text[]) ORDER BY card_id, event_count DESC`,
      [ids],
    ))
      loaded.snapshots.get(card_id)?.push(key);
  }
  for (const [id, at] of missing.tails) loaded.tails.set(id, await readTail(tx, snapshots, id, at));
  const deferred = new Set([...missing.snapshots, ...missing.tails.keys()]);
  const ids = [...missing.cardEvents].filter((id) => !deferred.has(id));
  if (ids.length > 0) {
    const events = await readCardEvents(tx, ids);
    for (const id of ids) loaded.cardEvents.set(id, events.get(id) ?? []);
  }
  for (const [cardId, fromMs] of missing.placed) {
    const rows = await tx.query<PlacementRow>(
      "log-placed",
      `SELECT body, hlc, placed_at, received_at FROM events
         WHERE card_id = $1 AND merchant_id = $2 AND type = 'stamps.added'
           AND coalesce(placed_at, received_at) > $3`,
      [cardId, merchantId, fromMs],
    );
    loaded.placed.set(cardId, { fromMs, stamps: rows.map(storedPlacement) });
  }
}

/** The card's snapshot `at` and its events from the snapshot's HLC on (compared byte by byte). */
async function readTail(tx: PgTx, snapshots: SnapshotCache, cardId: string, at: SnapshotKey) {
  const [row] = await tx.query<{ state: string }>(
    "snapshot-state",
    "SELECT state FROM card_snapshots WHERE card_id = $1 AND event_count = $2",
    [cardId, at.eventCount],
  );
  if (!row) return { at: at.eventCount, tail: null };
  const events = await tx.query<{ body: string }>(
    "snapshot-events",
    `SELECT body FROM events WHERE card_id = $1 AND hlc COLLATE "C" >= $2`,
    [cardId, at.lastHlc],
  );
  const tail = {
    snapshot: snapshots.decode(cardId, at.eventCount, row.state),
    events: events.map((event) => JSON.parse(event.body) as StampEvent),
  };
  return { at: at.eventCount, tail };
}
