import {
  foldCard,
  type PlacedStamp,
  type Program,
  type StampEvent,
  type Voucher,
} from "@stamp/core";
import {
  type CardTail,
  DROP_SNAPSHOTS,
  type SnapshotKey,
  type SnapshotPolicy,
} from "../append/card-snapshots";
import { type CardWrite, cardWrite } from "../append/card-write";
import {
  type AppendPlan,
  type CardAtHand,
  type CardChange,
  type LedgerView,
  planAppend,
} from "../append/plan-append";
import { changedScopes, pulledScope } from "../append/scope-entries";
import { type PlacementRow, storedPlacement } from "../append/stored-placement";
import { CardStateCache } from "../card-state-cache";
import { decodeCardState } from "../card-state-json";
import { eventPage, type PageRows } from "../event-page";
import { COALESCE_PUSH_JOB } from "../push-job-coalescing";
import type { ScopeChanges } from "../scope-changes";
import { SnapshotCache } from "../snapshot-cache";
import type {
  AppendBatch,
  AppendOutcome,
  EventOwner,
  EventPage,
  LoggedEvent,
  PullScope,
} from "../store";
import { withinCards } from "./card-span";
import { PgInsightRollup } from "./insight-rollup";
import { lineTexts, lineTextsArray } from "./line-texts";
import { handOut, moved, vouchersMoved } from "./log-hand-out";
import type { PgContext, PgTx } from "./pg-context";
import { planScopeWrites, pullLocation, readScopePlaces } from "./scope-log";
import { batchDeliveries, insertDeliveries, liveEndpoints } from "./webhook-outbox";

interface CardRow {
  readonly id: string;
  readonly program_id: string;
  readonly state: string;
  readonly vouchers_version: number;
  readonly pass_fingerprint: string | null;
  readonly pass_updated_at: number | null;
  readonly listening: boolean;
}

/**
 * The merchant's cards of the ids `$2` with what their passes show, held to the commit in id
 * order: the ids sorted, each card looked up by its primary key and locked (the lateral read,
 * which OFFSET 0 keeps from being merged into a join). Given `c.id = ANY($2)` next to
 * `c.merchant_id = $1`, the plan PostgreSQL keeps for the prepared statement could probe
 * `cards_merchant_created` (merchant, created, id) once per id, each probe reading every card of
 * the merchant (23-29 ms of its CPU for a 400-card batch of a 1,000-card shop, growing with the
 * shop), and its first plans scan the merchant's cards; joined from `unnest`, those first plans
 * hash the merchant's cards (issue 13). The merchant is tested in the lateral read, so a card
 * of another merchant a batch names is neither read nor locked: one tenant's batch never holds
 * another's card.
 */
const CARDS = `SELECT c.id, c.program_id, c.state, c.vouchers_version, c.pass_fingerprint,
         c.pass_updated_at,
         (p.google_object = 1 OR EXISTS
           (SELECT 1 FROM wallet_registrations r WHERE r.card_id = c.id)) AS listening
  FROM (SELECT id FROM unnest($2::text[]) AS id ORDER BY id) AS u
    CROSS JOIN LATERAL (SELECT c.id, c.program_id, c.state, c.vouchers_version,
        c.pass_fingerprint, c.pass_updated_at
      FROM cards c WHERE c.id = u.id AND c.merchant_id = $1 OFFSET 0 FOR NO KEY UPDATE) AS c
    LEFT JOIN wallet_passes p ON p.card_id = c.id`;

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

const unique = (values: Iterable<string>) => [...new Set(values)];

/**
 * The log on PostgreSQL. A batch is planned by the same `planAppend` as on SQLite, from rows read
 * for the whole batch in a few statements (programs, cards with their passes, vouchers, ids already
 * stored); the events of cards that need a refold are read when the plan asks for them, and the
 * plan is made again. The plan is written set-based: one statement per kind of voucher, snapshot
 * or new-pass write, and one statement (`handOut`) for the events, the cards with their passes'
 * versions (one write per card) and the scope entries. A batch holds its cards' rows from the
 * start, and the merchant's log row, which hands out positions and pass tags, only for that last
 * statement and the commit: batches of one merchant on different cards run side by side and queue
 * only for the hand-out.
 */
export class PgEventLog {
  readonly #context: PgContext;
  /** 8 M characters of state text: thousands of busy cards, a bounded slice of memory. */
  readonly #states = new CardStateCache(8_000_000);
  readonly #insight = new PgInsightRollup();
  /** 4 M characters: the snapshots of a few long cards, or of many short ones. */
  readonly #snapshots = new SnapshotCache(4_000_000);

  constructor(
    context: PgContext,
    readonly snapshotPolicy: SnapshotPolicy,
    readonly changes: ScopeChanges,
  ) {
    this.#context = context;
  }

  /**
   * Appends the batch in `tx`. When the append `finishes` the transaction (nothing of the caller
   * follows it), its last statement commits in the same round trip.
   */
  async append(tx: PgTx, batch: AppendBatch, finishes = false): Promise<AppendOutcome[]> {
    const { merchantId } = batch;
    const cardIds = unique(batch.events.map((e) => e.cardId));
    // The batch's cards, held in id order (so two batches never wait on each other in a circle)
    // as they are read (`#cards`): a card is planned and saved by one batch at a time. The other
    // reads are sent behind it at once (the connection pipelines; PostgreSQL runs them in order,
    // each seeing what committed before it began): one round trip. With them go the reads the
    // plan's writes need (webhook endpoints, the cards' scopes, the devices' places, the
    // dashboard's lookups), for every event of the batch, as those it stores are among them: read
    // after the plan, they were a round trip of their own (two when a card was new to every scope).
    const [{ cards, versions }, programs, stored, owners, endpoints, places, looked] =
      await Promise.all([
        this.#cards(tx, merchantId, cardIds),
        this.#programs(tx, merchantId, unique(batch.events.map((e) => e.programId))),
        this.#stored(tx, unique(batch.events.map((e) => e.id))),
        this.#owners(
          tx,
          merchantId,
          unique(batch.events.flatMap((e) => (e.type === "stamps.revoked" ? [e.targetId] : []))),
        ),
        liveEndpoints(tx, merchantId),
        readScopePlaces(tx, merchantId, cardIds, unique(batch.events.map((e) => e.deviceId))),
        this.#insight.lookup(tx, merchantId, batch.events),
      ]);
    const loaded: Loaded = {
      programs,
      cards,
      stored,
      owners,
      cardEvents: new Map(),
      snapshots: new Map(),
      tails: new Map(),
      placed: new Map(),
    };
    const plan = await this.#plan(tx, batch, loaded);
    // Only resends and refusals: nothing changes, and the log row is left alone.
    if (plan.inserts.length === 0) return plan.outcomes;
    const writes = plan.changes.map((change) => cardWrite(change, batch.now));
    const scopes = planScopeWrites(
      places,
      plan.inserts.map(({ event }, i) => ({
        seq: i + 1,
        cardId: event.cardId,
        deviceId: event.deviceId,
      })),
      batch.now,
    );
    // Reads only when a reward names an event outside the batch or a revocation takes a visit back.
    const counts = await this.#insight.plan(tx, merchantId, plan.inserts, writes, { read: looked });
    const deliveries = batchDeliveries(endpoints, plan.inserts, plan.changes, batch.now);
    const changed = changedScopes(scopes);
    tx.afterCommit(() => this.changes.publish({ kind: "merchant", merchantId, scopes: changed }));
    // Every write in one round trip (pipelined), the hand-out last: it takes the merchant's log
    // row and, when it finishes the transaction, commits with it. A write that fails aborts the
    // transaction, so the statements behind it fail too and nothing commits.
    await Promise.all([
      this.#saveCards(tx, merchantId, writes, batch.now),
      insertDeliveries(tx, merchantId, deliveries, batch.now),
      this.#insight.write(tx, counts),
      handOut(
        tx,
        merchantId,
        {
          inserts: plan.inserts,
          writes,
          scopes,
          finishes,
          ...(counts && { visits: counts.visits }),
        },
        batch.now,
      ),
    ]);
    this.#remember(writes, plan.changes, versions);
    return plan.outcomes;
  }

  /** See the SQLite log's `passesChanged`: a program or location edit, in the edit's transaction. */
  async passesChanged(
    tx: PgTx,
    merchantId: string,
    programId: string | null,
    refold: Program | null,
    now: number,
  ): Promise<void> {
    let changes: CardChange[] = [];
    let versions: ReadonlyMap<string, number> = new Map();
    if (refold) {
      // Held in id order before the log row, as a batch holds its cards (`append`).
      const ids = (
        await tx.query<{ id: string }>(
          "program-cards",
          `SELECT id FROM cards WHERE program_id = $1 AND merchant_id = $2
           ORDER BY id FOR NO KEY UPDATE`,
          [refold.id, merchantId],
        )
      ).map((row) => row.id);
      const read = await this.#cards(tx, merchantId, ids);
      versions = read.versions;
      const events = await this.#cardEvents(tx, ids);
      changes = ids.map((id) => ({
        cardId: id,
        merchantId,
        state: foldCard(refold, id, events.get(id) ?? []),
        storedVouchers: null,
        pass: (read.cards.get(id) as CardAtHand).pass,
        snapshots: DROP_SNAPSHOTS,
      }));
    }
    const writes = changes.map((change) => cardWrite(change, now));
    if (writes.length > 0) {
      await this.#saveCards(tx, merchantId, writes, now);
      await this.#insight.write(tx, await this.#insight.plan(tx, merchantId, [], writes));
    }
    const { passTag } = await handOut(tx, merchantId, moved(writes), now);
    this.#remember(writes, changes, versions);
    // $1 now, $2 the merchant, $3 a program or '' for all of them.
    await this.#versionPasses(
      tx,
      "program",
      "merchant_id = $2 AND ($3 = '' OR program_id = $3)",
      [now, merchantId, programId ?? ""],
      passTag,
    );
  }

  /** See the SQLite log's `cardPassesChanged`: a campaign step, in its transaction. */
  async cardPassesChanged(
    tx: PgTx,
    merchantId: string,
    cardIds: readonly string[],
    now: number,
  ): Promise<void> {
    if (cardIds.length === 0) return;
    const { passTag } = await handOut(tx, merchantId, moved([]), now);
    // $1 now, $2 the merchant, $3 the cards.
    await this.#versionPasses(
      tx,
      "cards",
      `merchant_id = $2 AND id = ANY($3::text[]) AND ${withinCards("id", "$3::text[]")}`,
      [now, merchantId, cardIds],
      passTag,
    );
  }

  /**
   * New versions for the passes of the cards `scope` selects (a condition on `cards` columns over
   * `values`, $1 being now), a second after each one's last, and a push job for those listened to.
   */
  async #versionPasses(
    tx: PgTx,
    name: string,
    scope: string,
    values: unknown[],
    tag: number,
  ): Promise<void> {
    await tx.query(
      `passes-bump-${name}`,
      `UPDATE cards SET pass_updated_at = greatest($1, (pass_updated_at / 1000) * 1000 + 1000),
         pass_seq = $${values.length + 1} WHERE pass_fingerprint IS NOT NULL AND ${scope}`,
      [...values, tag],
    );
    await tx.query(
      `passes-push-${name}`,
      `INSERT INTO wallet_push_jobs
         (card_id, merchant_id, generation, status, attempts, due_at, locked_until)
       SELECT p.card_id, p.merchant_id, 1, 'pending', 0, $1, 0
       FROM cards c JOIN wallet_passes p ON p.card_id = c.id
       WHERE c.${scope} AND (p.google_object = 1
         OR (SELECT 1 FROM wallet_registrations r WHERE r.card_id = p.card_id LIMIT 1) IS NOT NULL)
       ${COALESCE_PUSH_JOB}`,
      values,
    );
  }

  /**
   * Plans the batch from the rows read; when the plan needs the events of cards to refold, or the
   * stamps placed near an event, reads them and plans again (each round knows more, so it ends;
   * most batches need one). Admission is pure, so asking it again is harmless (see Admit).
   */
  async #plan(tx: PgTx, batch: AppendBatch, loaded: Loaded): Promise<AppendPlan> {
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
      const plan = planAppend(batch, view, this.snapshotPolicy);
      const complete =
        missing.cardEvents.size === 0 &&
        missing.snapshots.size === 0 &&
        missing.tails.size === 0 &&
        missing.placed.size === 0;
      if (complete) return plan;
      await this.#load(tx, batch.merchantId, loaded, missing);
    }
  }

  /**
   * Reads what a planning round lacked. A card's snapshots come first: the round asked for all its
   * events only because it did not know them yet, and a snapshot may spare reading them.
   */
  async #load(tx: PgTx, merchantId: string, loaded: Loaded, missing: Missing): Promise<void> {
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
    for (const [id, at] of missing.tails) loaded.tails.set(id, await this.#tail(tx, id, at));
    const deferred = new Set([...missing.snapshots, ...missing.tails.keys()]);
    const ids = [...missing.cardEvents].filter((id) => !deferred.has(id));
    if (ids.length > 0) {
      const events = await this.#cardEvents(tx, ids);
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
  async #tail(tx: PgTx, cardId: string, at: SnapshotKey) {
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
      snapshot: this.#snapshots.decode(cardId, at.eventCount, row.state),
      events: events.map((event) => JSON.parse(event.body) as StampEvent),
    };
    return { at: at.eventCount, tail };
  }

  async #owners(tx: PgTx, merchantId: string, ids: string[]) {
    const found = new Map<string, EventOwner | null>(ids.map((id) => [id, null]));
    if (ids.length === 0) return found;
    const rows = await tx.query<EventOwner & { id: string }>(
      "log-owners",
      `SELECT id, card_id AS "cardId", type FROM events
       WHERE merchant_id = $1 AND id = ANY($2::text[])`,
      [merchantId, ids],
    );
    for (const { id, cardId, type } of rows) found.set(id, { cardId, type });
    return found;
  }

  async #programs(tx: PgTx, merchantId: string, ids: string[]) {
    const rows = await tx.query<{ id: string; body: string }>(
      "log-programs",
      "SELECT id, body FROM programs WHERE merchant_id = $1 AND id = ANY($2::text[])",
      [merchantId, ids],
    );
    const found = new Map<string, Program | null>(ids.map((id) => [id, null]));
    for (const row of rows) found.set(row.id, JSON.parse(row.body) as Program);
    return found;
  }

  /**
   * The cards with what their passes show, held to the commit in id order (one statement locks
   * and reads them: issue 13), and their vouchers versions as read; vouchers are read only for
   * states not in the cache.
   */
  async #cards(tx: PgTx, merchantId: string, ids: string[]) {
    const rows = await tx.query<CardRow>("log-cards", CARDS, [merchantId, ids]);
    const cached = new Map(
      rows.map((row) => [row.id, this.#states.get(row.id, row.state, row.vouchers_version)]),
    );
    const uncached = rows.filter((row) => cached.get(row.id) === undefined).map((row) => row.id);
    const vouchers = new Map<string, Voucher[]>();
    if (uncached.length > 0)
      for (const row of await tx.query<{ card_id: string; body: string }>(
        "log-vouchers",
        "SELECT card_id, body FROM card_vouchers WHERE card_id = ANY($1::text[]) ORDER BY card_id, cycle",
        [uncached],
      )) {
        const list = vouchers.get(row.card_id) ?? [];
        list.push(JSON.parse(row.body) as Voucher);
        vouchers.set(row.card_id, list);
      }
    const found = new Map<string, CardAtHand | null>(ids.map((id) => [id, null]));
    for (const row of rows)
      found.set(row.id, {
        programId: row.program_id,
        state:
          cached.get(row.id) ??
          decodeCardState(row.state, vouchers.get(row.id) ?? [], {
            cardId: row.id,
            programId: row.program_id,
            merchantId,
          }),
        pass:
          row.pass_fingerprint === null
            ? null
            : {
                fingerprint: row.pass_fingerprint,
                updatedAt: row.pass_updated_at as number,
                listening: row.listening,
              },
      });
    return { cards: found, versions: new Map(rows.map((row) => [row.id, row.vouchers_version])) };
  }

  async #stored(tx: PgTx, ids: string[]) {
    const rows = await tx.query<{ id: string; body: string }>(
      "log-stored",
      "SELECT id, body FROM events WHERE id = ANY($1::text[])",
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.body]));
  }

  async #cardEvents(tx: PgTx, cardIds: string[]) {
    const events = new Map<string, StampEvent[]>();
    for (const row of await tx.query<{ card_id: string; body: string }>(
      "log-card-events",
      "SELECT card_id, body FROM events WHERE card_id = ANY($1::text[])",
      [cardIds],
    )) {
      const list = events.get(row.card_id) ?? [];
      list.push(JSON.parse(row.body) as StampEvent);
      events.set(row.card_id, list);
    }
    return events;
  }

  /**
   * What a batch writes of its changed cards besides their rows (`handOut` writes those, with their
   * passes' versions): the vouchers that changed, snapshots, new passes and push jobs. The cards
   * are held, so none of it waits for the merchant's log row.
   */
  async #saveCards(
    tx: PgTx,
    merchantId: string,
    writes: readonly CardWrite[],
    now: number,
  ): Promise<void> {
    if (writes.length === 0) return;
    // Sent at once and run in order (the connection pipelines): one round trip.
    const sent: Promise<unknown>[] = [];
    const puts = writes.flatMap((w) =>
      w.vouchers.put.map((voucher) => ({ cardId: w.cardId, voucher })),
    );
    if (puts.length > 0)
      sent.push(
        tx.query(
          "cards-voucher-put",
          `INSERT INTO card_vouchers (card_id, cycle, body, code)
           SELECT * FROM unnest($1::text[], $2::int[], ${lineTextsArray("$3")}, $4::text[])
           ON CONFLICT (card_id, cycle) DO UPDATE SET body = excluded.body, code = excluded.code`,
          [
            puts.map((p) => p.cardId),
            puts.map((p) => p.voucher.cycle),
            lineTexts(puts.map((p) => JSON.stringify(p.voucher))),
            puts.map((p) => p.voucher.code ?? null),
          ],
        ),
      );
    const drops = writes.filter((w) => w.vouchers.dropAbove !== null);
    if (drops.length > 0)
      sent.push(
        tx.query(
          "cards-voucher-drop",
          `DELETE FROM card_vouchers v USING unnest($1::text[], $2::int[]) AS u(card_id, keep)
           WHERE v.card_id = u.card_id AND v.cycle > u.keep`,
          [drops.map((w) => w.cardId), drops.map((w) => w.vouchers.dropAbove)],
        ),
      );
    sent.push(...this.#saveSnapshots(tx, writes));
    const created = writes.flatMap((w) => (w.pass?.kind === "create" ? [{ w, pass: w.pass }] : []));
    if (created.length > 0)
      sent.push(
        tx.query(
          "passes-create",
          `INSERT INTO wallet_passes (card_id, merchant_id, auth_token)
           SELECT u.card_id, $1, u.token FROM unnest($2::text[], $3::text[]) AS u(card_id, token)`,
          [merchantId, created.map((c) => c.w.cardId), created.map((c) => c.pass.authToken)],
        ),
      );
    const pushed = writes.filter((w) => w.push).map((w) => w.cardId);
    if (pushed.length > 0)
      sent.push(
        tx.query(
          "passes-push",
          `INSERT INTO wallet_push_jobs
             (card_id, merchant_id, generation, status, attempts, due_at, locked_until)
           SELECT u.card_id, $1, 1, 'pending', 0, $2, 0 FROM unnest($3::text[]) AS u(card_id)
           ${COALESCE_PUSH_JOB}`,
          [merchantId, now, pushed],
        ),
      );
    await Promise.all(sent);
  }

  /**
   * The saved cards' states and snapshots, for the batches that stamp them next (`CardStateCache`,
   * `SnapshotCache`); a card's vouchers version is the one `read` in the transaction, which held
   * the card, moved by the write.
   */
  #remember(
    writes: readonly CardWrite[],
    changes: readonly CardChange[],
    read: ReadonlyMap<string, number>,
  ): void {
    writes.forEach((write, i) => {
      const version = read.get(write.cardId);
      const change = changes[i] as CardChange;
      if (version !== undefined) {
        const saved = version + (vouchersMoved(write) ? 1 : 0);
        this.#states.remember(write.cardId, write.columns.state, saved, change.state);
      }
      for (const take of write.snapshots.take) this.#snapshots.remember(write.cardId, take);
    });
  }

  /**
   * The plan's snapshot writes, set-based: stale ones dropped, new ones kept, old ones pruned. The
   * statements, sent at once, run in that order.
   */
  #saveSnapshots(tx: PgTx, writes: readonly CardWrite[]): Promise<unknown>[] {
    const sent: Promise<unknown>[] = [];
    const drops = writes.flatMap((w) =>
      w.snapshots.dropFrom === null ? [] : [{ cardId: w.cardId, from: w.snapshots.dropFrom }],
    );
    if (drops.length > 0)
      sent.push(
        tx.query(
          "snapshots-drop",
          `DELETE FROM card_snapshots s USING unnest($1::text[], $2::int[]) AS u(card_id, from_count)
           WHERE s.card_id = u.card_id AND s.event_count >= u.from_count`,
          [drops.map((d) => d.cardId), drops.map((d) => d.from)],
        ),
      );
    const taken = writes.flatMap((w) =>
      w.snapshots.take.map((take) => ({ cardId: w.cardId, take })),
    );
    const pruned = writes.flatMap((w) =>
      w.snapshots.pruneBelow === null ? [] : [{ cardId: w.cardId, below: w.snapshots.pruneBelow }],
    );
    if (taken.length === 0) return sent;
    sent.push(
      tx.query(
        "snapshots-put",
        `INSERT INTO card_snapshots (card_id, event_count, last_hlc, last_id, state)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], ${lineTextsArray("$5")})
         ON CONFLICT (card_id, event_count) DO UPDATE SET last_hlc = excluded.last_hlc,
           last_id = excluded.last_id, state = excluded.state`,
        [
          taken.map((t) => t.cardId),
          taken.map((t) => t.take.eventCount),
          taken.map((t) => t.take.lastHlc),
          taken.map((t) => t.take.lastId),
          lineTexts(taken.map((t) => t.take.state)),
        ],
      ),
      tx.query(
        "snapshots-prune",
        `DELETE FROM card_snapshots s USING unnest($1::text[], $2::int[]) AS u(card_id, below)
         WHERE s.card_id = u.card_id AND s.event_count < u.below`,
        [pruned.map((p) => p.cardId), pruned.map((p) => p.below)],
      ),
    );
    return sent;
  }

  /** The scope's events after `cursor` (see `eventPage`). */
  async pull(
    merchantId: string,
    deviceId: string,
    scope: PullScope,
    cursor: number,
    limit: number,
  ): Promise<EventPage> {
    // A location's (or region's) pull reads the log's head with its scope's (one round trip: most
    // pulls stop there).
    const scoped = pulledScope(scope);
    if (scoped !== null)
      return pullLocation(this.#context, merchantId, deviceId, scoped, cursor, limit);
    const head = await this.maxSeq(merchantId);
    return eventPage({ head, scopeHead: head, cursor }, limit, (rows) =>
      this.#context.query<PageRows[number]>(
        "log-page",
        `SELECT seq AS pos, id, card_id AS "cardId", hlc, body FROM events
           WHERE merchant_id = $1 AND seq > $2 AND seq <= $3 AND device_id <> $4
           ORDER BY seq LIMIT $5`,
        [merchantId, cursor, head, deviceId, rows],
      ),
    );
  }

  async maxSeq(merchantId: string): Promise<number> {
    const [row] = await this.#context.read<{ head: number }>(
      "log-head",
      "SELECT head FROM merchant_logs WHERE merchant_id = $1",
      [merchantId],
    );
    return row?.head ?? 0;
  }

  async latestHlc(): Promise<string | null> {
    const [row] = await this.#context.query<{ hlc: string | null }>(
      "log-latest-hlc",
      "SELECT max(last_hlc) AS hlc FROM merchant_logs",
      [],
    );
    return row?.hlc ?? null;
  }

  async history(merchantId: string, cardId: string): Promise<LoggedEvent[]> {
    const rows = await this.#context.query<{ seq: number; body: string; received_at: number }>(
      "log-history",
      `SELECT seq, body, received_at FROM events WHERE card_id = $1 AND merchant_id = $2
       ORDER BY seq`,
      [cardId, merchantId],
    );
    return rows.map((row) => ({
      seq: row.seq,
      receivedAt: row.received_at,
      event: JSON.parse(row.body) as StampEvent,
    }));
  }
}
