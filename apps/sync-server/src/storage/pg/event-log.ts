import { foldCard, type Program, type StampEvent } from "@stamp/core";
import { DROP_SNAPSHOTS, type SnapshotPolicy } from "../append/card-snapshots";
import { type CardWrite, cardWrite } from "../append/card-write";
import type { CardAtHand, CardChange } from "../append/plan-append";
import { changedScopes, pulledScope } from "../append/scope-entries";
import { CardStateCache } from "../card-state-cache";
import { eventPage, type PageRows } from "../event-page";
import { COALESCE_PUSH_JOB } from "../push-job-coalescing";
import { passesChangedOf, type ScopeChanges } from "../scope-changes";
import { SnapshotCache } from "../snapshot-cache";
import type { AppendBatch, AppendOutcome, EventPage, LoggedEvent, PullScope } from "../store";
import { planBatch } from "./batch-plan";
import { readCardEvents, readCards, readOwners, readPrograms, readStored } from "./batch-reads";
import { saveCards } from "./card-saves";
import { withinCards } from "./card-span";
import { PgInsightRollup } from "./insight-rollup";
import { handOut, moved, vouchersMoved } from "./log-hand-out";
import type { PgContext, PgTx } from "./pg-context";
import { planScopeWrites, pullLocation, readScopePlaces } from "./scope-log";
import { batchDeliveries, insertDeliveries, liveEndpoints } from "./webhook-outbox";

const unique = (values: Iterable<string>) => [...new Set(values)];

/**
 * The log on PostgreSQL. A batch is planned by the same `planAppend` as on SQLite, from rows read
 * for the whole batch in a few statements (`batch-reads`: programs, cards with their passes,
 * vouchers, ids already stored); the events of cards that need a refold are read when the plan
 * asks for them, and the plan is made again (`planBatch`). The plan is written set-based: one
 * statement per kind of voucher, snapshot or new-pass write (`saveCards`), and one statement
 * (`handOut`) for the events, the cards with their passes' versions (one write per card) and the
 * scope entries. A batch holds its cards' rows from the
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
    const [{ cards, versions, created }, programs, stored, owners, endpoints, places, looked] =
      await Promise.all([
        readCards(tx, this.#states, merchantId, cardIds),
        readPrograms(tx, merchantId, unique(batch.events.map((e) => e.programId))),
        readStored(tx, unique(batch.events.map((e) => e.id))),
        readOwners(
          tx,
          merchantId,
          unique(batch.events.flatMap((e) => (e.type === "stamps.revoked" ? [e.targetId] : []))),
        ),
        liveEndpoints(tx, merchantId),
        readScopePlaces(tx, merchantId, cardIds, unique(batch.events.map((e) => e.deviceId))),
        this.#insight.lookup(tx, merchantId, batch.events),
      ]);
    const plan = await planBatch(
      tx,
      batch,
      { programs, cards, stored, owners },
      { policy: this.snapshotPolicy, snapshots: this.#snapshots },
    );
    // Only resends and refusals: nothing changes, and the log row is left alone.
    if (plan.inserts.length === 0) return plan.outcomes;
    const writes = plan.changes.map((change) => cardWrite(change, batch.now));
    const scopes = planScopeWrites(
      places,
      created,
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
      saveCards(tx, merchantId, writes, batch.now),
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
      const read = await readCards(tx, this.#states, merchantId, ids);
      versions = read.versions;
      const events = await readCardEvents(tx, ids);
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
      await saveCards(tx, merchantId, writes, now);
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
    tx.afterCommit(() => this.changes.publish(passesChangedOf(merchantId)));
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
