import { foldCard, type Program, type StampEvent } from "@stamp/core";
import type Database from "better-sqlite3";
import { type CardVisits, cardVisits, NO_VISITS } from "../../insight/card-visits";
import { DROP_SNAPSHOTS, type SnapshotPolicy } from "../append/card-snapshots";
import { type CardWrite, cardWrite } from "../append/card-write";
import { advanceLog, type MerchantLog, versionsPasses } from "../append/merchant-log";
import {
  type CardAtHand,
  type CardChange,
  type LedgerView,
  type NewEvent,
  planAppend,
} from "../append/plan-append";
import { pulledScope } from "../append/scope-entries";
import { type PlacementRow, storedPlacement } from "../append/stored-placement";
import { CardStateCache } from "../card-state-cache";
import { decodeCardState } from "../card-state-json";
import { passesChangedOf, type ScopeChanges } from "../scope-changes";
import type {
  AppendBatch,
  AppendOutcome,
  EventOwner,
  EventPage,
  LoggedEvent,
  PullScope,
} from "../store";
import { CardSnapshots } from "./card-snapshots";
import { CardVouchers } from "./card-vouchers";
import { InsightRollup } from "./insight-rollup";
import { logPage } from "./log-page";
import { merchantCardsById } from "./merchant-cards-by-id";
import { CARD_SCOPES, cardScopes, ScopeLog } from "./scope-log";
import { passVersion, type WalletPassVersions } from "./wallet-pass-versions";
import { WebhookOutbox } from "./webhook-outbox";

/**
 * `#saveCard`'s values: the card's columns, its pass version, its vouchers moved (0 or 1), the
 * visits the batch adds to its rollup (`CardVisits`, the time bound twice), its id.
 */
type SavedCardRow = [
  state: string,
  stamps: number,
  cycles: number,
  lastHlc: string | null,
  conflicts: number,
  updatedAt: number,
  vouchersMoved: number,
  passFingerprint: string | null,
  passUpdatedAt: number | null,
  passSeq: number | null,
  visits: number,
  lastVisitAt: number | null,
  lastVisitAtAgain: number | null,
  rowid: number,
];

/**
 * A card's row as a save decides from, an array (`raw`): a batch reads hundreds, and an object per
 * row cost a quarter of their read. `rowid`: where its save writes, with no search of its id.
 */
type CardRow = readonly [
  id: string,
  programId: string,
  state: string,
  vouchersVersion: number,
  passFingerprint: string | null,
  passUpdatedAt: number | null,
  listening: number,
  rowid: number,
];

/** A card's row as a batch reads it: with its views' scopes (`CARD_SCOPES`). */
type BatchCardRow = readonly [...CardRow, locations: string | null, regions: string | null];

/**
 * The hot path on SQLite: event inserts, card materialization and pulls, on prepared statements
 * (the query builder costs a third of the ingest rate). Methods are synchronous and expect to run
 * inside the caller's transaction, so the log and the card states always commit together. What a
 * batch does is decided by `planAppend`, shared with the PostgreSQL adapter; this class reads the
 * rows it asks for and writes the plan.
 */
export class EventLog {
  readonly #insert: Database.Statement;
  readonly #existing: Database.Statement<[string], { body: string }>;
  readonly #stored: Database.Statement<[string], { id: string; body: string }>;
  readonly #owner: Database.Statement<[string, string], EventOwner>;
  readonly #placed: Database.Statement<[string, string, number], PlacementRow>;
  readonly #card: Database.Statement<[string, string], CardRow>;
  readonly #batchCards: Database.Statement<[string, string], BatchCardRow>;
  readonly #program: Database.Statement<[string, string], { body: string }>;
  readonly #cardBodies: Database.Statement<[string], { body: string }>;
  readonly #saveCard: Database.Statement<SavedCardRow>;
  readonly #programCards: Database.Statement<[string, string], { id: string }>;
  readonly #page: ReturnType<typeof logPage>;
  readonly #log: Database.Statement<[string], MerchantLog>;
  readonly #advance: Database.Statement<[MerchantLog & { merchantId: string }]>;
  readonly #latestHlc: Database.Statement<[], { hlc: string | null }>;
  readonly #history: Database.Statement<
    [string, string],
    { seq: number; body: string; received_at: number }
  >;
  readonly #passes: WalletPassVersions;
  readonly #vouchers: CardVouchers;
  readonly #snapshots: CardSnapshots;
  readonly #webhooks: WebhookOutbox;
  readonly #scopes: ScopeLog;
  readonly #insight: InsightRollup;
  readonly #changes: ScopeChanges;
  /** 8 M characters of state text: thousands of busy cards, a bounded slice of memory. */
  readonly #states = new CardStateCache(8_000_000);

  constructor(
    db: Database.Database,
    passes: WalletPassVersions,
    readonly snapshotPolicy: SnapshotPolicy,
    changes: ScopeChanges,
  ) {
    this.#passes = passes;
    this.#vouchers = new CardVouchers(db);
    this.#snapshots = new CardSnapshots(db);
    this.#webhooks = new WebhookOutbox(db);
    this.#scopes = new ScopeLog(db, changes);
    this.#changes = changes;
    this.#insight = new InsightRollup(db);
    this.#insert = db.prepare(
      `INSERT INTO events
         (seq, id, merchant_id, card_id, device_id, hlc, type, body, received_at, placed_at, staff_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#existing = db.prepare("SELECT body FROM events WHERE id = ?");
    this.#stored = db.prepare(
      "SELECT id, body FROM events WHERE id IN (SELECT value FROM json_each(?))",
    );
    // A stamp stored before placements were kept is placed at min(its time, its arrival), which is
    // never after its arrival: the range on coalesce() holds every candidate, refined in placedStamps.
    this.#placed = db.prepare(
      `SELECT body, hlc, placed_at, received_at FROM events
       WHERE card_id = ? AND merchant_id = ? AND type = 'stamps.added'
         AND coalesce(placed_at, received_at) > ?`,
    );
    this.#owner = db.prepare(
      "SELECT card_id AS cardId, type FROM events WHERE id = ? AND merchant_id = ?",
    );
    // The card with what its pass shows and whether a wallet listens: all a save decides from.
    const cards = `SELECT c.id, c.program_id, c.state, c.vouchers_version, c.pass_fingerprint,
         c.pass_updated_at,
         (p.google_object = 1 OR EXISTS
           (SELECT 1 FROM wallet_registrations r WHERE r.card_id = c.id)) AS listening, c.rowid`;
    const from = "FROM cards c LEFT JOIN wallet_passes p ON p.card_id = c.id";
    this.#card = db
      .prepare<[string, string], CardRow>(`${cards} ${from} WHERE c.id = ? AND c.merchant_id = ?`)
      .raw();
    this.#batchCards = db
      .prepare<[string, string], BatchCardRow>(
        `${cards}, ${CARD_SCOPES} ${from} WHERE ${merchantCardsById("?", "?")}`,
      )
      .raw();
    this.#program = db.prepare("SELECT body FROM programs WHERE id = ? AND merchant_id = ?");
    this.#cardBodies = db.prepare("SELECT body FROM events WHERE card_id = ?");
    // The card, its pass's version and its dashboard visits in one write; a pass that shows
    // nothing new keeps its own.
    // Positional: binding a dozen named values from an object cost as much as the write (issue 13).
    // No RETURNING: the row's vouchers version is known from its read (a fifth of the write). By
    // the rowid read with it: its id's index is not searched again.
    this.#saveCard = db.prepare(
      `UPDATE cards SET state = ?, stamps = ?, cycles = ?, last_hlc = ?, conflicts = ?,
         updated_at = ?, vouchers_version = vouchers_version + ?,
         pass_fingerprint = coalesce(?, pass_fingerprint),
         pass_updated_at = coalesce(?, pass_updated_at),
         pass_seq = coalesce(?, pass_seq),
         insight_visits = insight_visits + ?,
         insight_last_visit_at = coalesce(max(insight_last_visit_at, ?), insight_last_visit_at, ?)
       WHERE rowid = ?`,
    );
    this.#programCards = db.prepare(
      "SELECT id FROM cards WHERE program_id = ? AND merchant_id = ?",
    );
    this.#page = logPage(db);
    this.#log = db.prepare(
      `SELECT head, pass_tag AS passTag, last_hlc AS lastHlc FROM merchant_logs
       WHERE merchant_id = ?`,
    );
    this.#advance = db.prepare(
      `UPDATE merchant_logs SET head = @head, pass_tag = @passTag, last_hlc = @lastHlc
       WHERE merchant_id = @merchantId`,
    );
    this.#latestHlc = db.prepare("SELECT max(last_hlc) AS hlc FROM merchant_logs");
    this.#history = db.prepare(
      // `+merchant_id`: by the card's index; the planner otherwise walks the merchant's whole log
      // in position order to spare itself sorting one card's events.
      `SELECT seq, body, received_at FROM events WHERE card_id = ? AND +merchant_id = ?
       ORDER BY seq`,
    );
  }

  /**
   * The log as this transaction sees it for `batch`: the stored bodies of its event ids and the
   * rows of its cards in one statement each (issue 13: a statement per event and per card cost
   * more than the reads), the rest read row by row when the plan asks.
   */
  #view(batch: AppendBatch): { view: LedgerView; rows: ReadonlyMap<string, BatchCardRow> } {
    const { merchantId, events } = batch;
    const ids = new Set<string>();
    const cardIds = new Set<string>();
    for (const event of events) {
      ids.add(event.id);
      cardIds.add(event.cardId);
    }
    const bodies = new Map<string, string>();
    for (const row of this.#stored.all(JSON.stringify([...ids]))) bodies.set(row.id, row.body);
    const cards = new Map<string, BatchCardRow>();
    for (const row of this.#batchCards.all(JSON.stringify([...cardIds]), merchantId))
      cards.set(row[0], row);
    const view: LedgerView = {
      program: (programId) => {
        const row = this.#program.get(programId, merchantId);
        return row ? (JSON.parse(row.body) as Program) : null;
      },
      card: (cardId) => {
        if (!cardIds.has(cardId)) return this.#loadCard(merchantId, cardId);
        const row = cards.get(cardId);
        return row ? this.#cardAtHand(merchantId, row) : null;
      },
      storedBody: (eventId) =>
        ids.has(eventId)
          ? (bodies.get(eventId) ?? null)
          : (this.#existing.get(eventId)?.body ?? null),
      cardEvents: (cardId) => this.#cardEvents(cardId),
      snapshots: (cardId) => this.#snapshots.keys(cardId),
      cardTail: (cardId, at) => this.#snapshots.tail(cardId, at),
      eventOwner: (eventId) => this.#owner.get(eventId, merchantId) ?? null,
      placedStamps: (cardId, fromMs, toMs) =>
        this.#placed
          .all(cardId, merchantId, fromMs)
          .map((row) => storedPlacement(row))
          .filter((stamp) => stamp.ms > fromMs && stamp.ms < toMs),
    };
    return { view, rows: cards };
  }

  append(batch: AppendBatch): AppendOutcome[] {
    const log = this.#merchantLog(batch.merchantId);
    const { view, rows } = this.#view(batch);
    const plan = planAppend(batch, view, this.snapshotPolicy);
    plan.inserts.forEach((row, i) => {
      this.#insertEvent(batch.merchantId, log.head + i + 1, row, batch.now);
    });
    const counted = this.#insight.plan(batch.merchantId, plan.inserts);
    const visits = cardVisits(counted?.plan ?? null);
    const writes = plan.changes.map((change) => cardWrite(change, batch.now));
    const next = advanceLog(log, plan.inserts, versionsPasses(writes));
    writes.forEach((write, i) => {
      const change = plan.changes[i] as CardChange;
      // A changed card is one the batch's events name: read with the batch.
      const row = rows.get(write.cardId) as BatchCardRow;
      this.#save(write, change, row, next.passTag, visits.get(write.cardId) ?? NO_VISITS);
    });
    this.#insight.rewards(batch.merchantId, writes, plan.inserts);
    if (plan.inserts.length > 0) {
      this.#advance.run({ ...next, merchantId: batch.merchantId });
      this.#scopes.place(
        batch.merchantId,
        plan.inserts.map(({ event }, i) => ({
          seq: log.head + i + 1,
          cardId: event.cardId,
          deviceId: event.deviceId,
        })),
        batch.now,
        (cardId) => {
          const row = rows.get(cardId);
          return row ? cardScopes(row[8], row[9]) : [];
        },
      );
    }
    this.#webhooks.write(batch.merchantId, plan.inserts, plan.changes, batch.now);
    this.#insight.write(counted);
    return plan.outcomes;
  }

  /**
   * What the merchant's passes show changed (a program or location edit): every pass of the
   * program (of the merchant when `programId` is null) gets a new version, and a push where a
   * wallet listens. `refold`: the edited program when its goal changed — a state holds the goal it
   * was folded with, and its cycles, stamps and vouchers follow from it, so every card of it is
   * folded again. Runs in the caller's transaction (the edit), so no card is ever read with the old
   * goal after it.
   */
  passesChanged(
    merchantId: string,
    programId: string | null,
    refold: Program | null,
    now: number,
  ): void {
    const log = this.#merchantLog(merchantId);
    const next = advanceLog(log, [], true);
    if (refold)
      for (const { id } of this.#programCards.all(refold.id, merchantId)) {
        const row = this.#card.get(id, merchantId) as CardRow;
        const card = this.#cardAtHand(merchantId, row);
        const change = {
          cardId: id,
          merchantId,
          state: foldCard(refold, id, this.#cardEvents(id)),
          storedVouchers: null,
          pass: card.pass,
          snapshots: DROP_SNAPSHOTS,
        };
        const write = cardWrite(change, now);
        this.#save(write, change, row, next.passTag, NO_VISITS);
        this.#insight.rewards(merchantId, [write], []);
      }
    this.#passes.bumpAll(merchantId, programId, now, next.passTag);
    this.#advance.run({ ...next, merchantId });
    // Heard once the edit's transaction is over (better-sqlite3's runs to its end in this turn).
    this.#changes.publish(passesChangedOf(merchantId));
  }

  /**
   * The passes of these cards show something new (a campaign's message): one new pass tag, a new
   * version each and a push where a wallet listens, in the caller's transaction.
   */
  cardPassesChanged(merchantId: string, cardIds: readonly string[], now: number): void {
    if (cardIds.length === 0) return;
    const next = advanceLog(this.#merchantLog(merchantId), [], true);
    this.#passes.bumpCards(merchantId, cardIds, now, next.passTag);
    this.#advance.run({ ...next, merchantId });
  }

  #merchantLog(merchantId: string): MerchantLog {
    const log = this.#log.get(merchantId);
    if (!log) throw new Error(`merchant ${merchantId} has no log row`);
    return log;
  }

  #insertEvent(
    merchantId: string,
    seq: number,
    { event, body, placedAt }: NewEvent,
    now: number,
  ): void {
    this.#insert.run(
      seq,
      event.id,
      merchantId,
      event.cardId,
      event.deviceId,
      event.hlc,
      event.type,
      body,
      now,
      placedAt,
      event.staffId ?? null,
    );
  }

  /** Writes the card's row as `stored` was read in this transaction, and remembers its state. */
  #save(
    write: CardWrite,
    change: CardChange,
    stored: CardRow | BatchCardRow,
    passTag: number,
    visits: CardVisits,
  ): void {
    const { columns } = write;
    const vouchersMoved = this.#vouchers.save(write.cardId, write.vouchers);
    this.#snapshots.save(write.cardId, write.snapshots);
    this.#passes.save(write);
    const pass = passVersion(write, passTag);
    this.#saveCard.run(
      columns.state,
      columns.stamps,
      columns.cycles,
      columns.lastHlc,
      columns.conflicts,
      columns.updatedAt,
      vouchersMoved ? 1 : 0,
      pass.passFingerprint,
      pass.passUpdatedAt,
      pass.passSeq,
      visits.visits,
      visits.lastVisitAt,
      visits.lastVisitAt,
      stored[7],
    );
    const vouchersVersion = stored[3] + (vouchersMoved ? 1 : 0);
    this.#states.remember(write.cardId, columns.state, vouchersVersion, change.state);
  }

  #loadCard(merchantId: string, cardId: string): CardAtHand | null {
    const row = this.#card.get(cardId, merchantId);
    return row ? this.#cardAtHand(merchantId, row) : null;
  }

  /** A card as read, its state decoded unless the cache holds it as stored. */
  #cardAtHand(merchantId: string, row: CardRow | BatchCardRow): CardAtHand {
    const [cardId, programId, text, vouchersVersion, fingerprint, updatedAt, listening] = row;
    const state =
      this.#states.get(cardId, text, vouchersVersion) ??
      decodeCardState(text, this.#vouchers.load(cardId), { cardId, programId, merchantId });
    return {
      programId,
      state,
      pass:
        fingerprint === null
          ? null
          : { fingerprint, updatedAt: updatedAt as number, listening: listening === 1 },
    };
  }

  #cardEvents(cardId: string): StampEvent[] {
    return this.#cardBodies.all(cardId).map((row) => JSON.parse(row.body) as StampEvent);
  }

  /** The scope's events after `cursor` (see `eventPage`). */
  pull(
    merchantId: string,
    deviceId: string,
    scope: PullScope,
    cursor: number,
    limit: number,
  ): Promise<EventPage> {
    const scoped = pulledScope(scope);
    if (scoped === null) return this.#page(merchantId, deviceId, cursor, limit);
    return this.#scopes.pull(merchantId, deviceId, scoped, cursor, limit);
  }

  /** Where the merchant's log ends: the newest position, 0 when it holds no event. */
  maxSeq(merchantId: string): number {
    return this.#log.get(merchantId)?.head ?? 0;
  }

  latestHlc(): string | null {
    return this.#latestHlc.get()?.hlc ?? null;
  }

  history(merchantId: string, cardId: string): LoggedEvent[] {
    return this.#history.all(cardId, merchantId).map((row) => ({
      seq: row.seq,
      receivedAt: row.received_at,
      event: JSON.parse(row.body) as StampEvent,
    }));
  }
}
