import {
  applyEvent,
  type CardState,
  canApplyIncrementally,
  canonicalJson,
  foldCard,
  type Program,
  type StampEvent,
  type Voucher,
} from "@stamp/core";
import type Database from "better-sqlite3";
import { rejection } from "../../sync/rejection";
import { CardStateCache } from "../card-state-cache";
import { decodeCardState, encodeCardState } from "../card-state-json";
import type { AppendBatch, AppendOutcome, EventPage, LoggedEvent } from "../store";
import { CardVouchers } from "./card-vouchers";
import { WalletPassVersions } from "./wallet-pass-versions";

interface CardRow {
  readonly program_id: string;
  readonly state: string;
  readonly vouchers_version: number;
}

interface LoadedCard {
  readonly programId: string;
  /** The vouchers as stored, so a save writes only the ones that changed. */
  readonly storedVouchers: readonly Voucher[];
  state: CardState;
  /** Late events were stored since `state` was folded: refold before trusting its counts. */
  stale: boolean;
  dirty: boolean;
}

/** What `load` gives for `key`, read at most once per batch (a missing row is remembered as null). */
function once<V>(seen: Map<string, V | null>, key: string, load: () => V | null): V | null {
  const known = seen.get(key);
  if (known !== undefined) return known;
  const loaded = load();
  seen.set(key, loaded);
  return loaded;
}

/**
 * The hot path: event inserts, card materialization and pulls, on prepared statements (the query
 * builder costs a third of the ingest rate). Methods are synchronous and expect to run inside the
 * caller's transaction, so the log and the card states always commit together.
 */
export class EventLog {
  readonly #insert: Database.Statement;
  readonly #existing: Database.Statement<[string], { body: string }>;
  readonly #card: Database.Statement<[string, string], CardRow>;
  readonly #program: Database.Statement<[string, string], { body: string }>;
  readonly #cardBodies: Database.Statement<[string], { body: string }>;
  readonly #saveCard: Database.Statement<
    [string, number, number, string | null, number, number, number, string],
    { vouchers_version: number }
  >;
  readonly #programCards: Database.Statement<[string, string], { id: string }>;
  readonly #page: Database.Statement<
    [string, number, string, number],
    { seq: number; body: string }
  >;
  readonly #maxSeq: Database.Statement<[string], { seq: number | null }>;
  readonly #recentHlcs: Database.Statement<[], { hlc: string | null }>;
  readonly #history: Database.Statement<
    [string, string],
    { seq: number; body: string; received_at: number }
  >;
  readonly #passes: WalletPassVersions;
  readonly #vouchers: CardVouchers;
  /** 8 M characters of state text: thousands of busy cards, a bounded slice of memory. */
  readonly #states = new CardStateCache(8_000_000);

  constructor(db: Database.Database) {
    this.#passes = new WalletPassVersions(db);
    this.#vouchers = new CardVouchers(db);
    this.#insert = db.prepare(
      `INSERT INTO events (id, merchant_id, card_id, device_id, hlc, type, body, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
    );
    this.#existing = db.prepare("SELECT body FROM events WHERE id = ?");
    this.#card = db.prepare(
      "SELECT program_id, state, vouchers_version FROM cards WHERE id = ? AND merchant_id = ?",
    );
    this.#program = db.prepare("SELECT body FROM programs WHERE id = ? AND merchant_id = ?");
    this.#cardBodies = db.prepare("SELECT body FROM events WHERE card_id = ?");
    this.#saveCard = db.prepare(
      `UPDATE cards SET state = ?, stamps = ?, cycles = ?, last_hlc = ?, conflicts = ?, updated_at = ?,
         vouchers_version = vouchers_version + ?
       WHERE id = ? RETURNING vouchers_version`,
    );
    this.#programCards = db.prepare(
      "SELECT id FROM cards WHERE program_id = ? AND merchant_id = ?",
    );
    this.#page = db.prepare(
      "SELECT seq, body FROM events WHERE merchant_id = ? AND seq > ? AND device_id <> ? ORDER BY seq LIMIT ?",
    );
    this.#maxSeq = db.prepare("SELECT max(seq) AS seq FROM events WHERE merchant_id = ?");
    // The newest events by sequence carry the newest HLCs in practice; a bounded look back keeps
    // start-up fast on a big log.
    this.#recentHlcs = db.prepare(
      "SELECT max(hlc) AS hlc FROM (SELECT hlc FROM events ORDER BY seq DESC LIMIT 10000)",
    );
    this.#history = db.prepare(
      `SELECT seq, body, received_at FROM events WHERE card_id = ? AND merchant_id = ?
       ORDER BY seq`,
    );
  }

  append(batch: AppendBatch): AppendOutcome[] {
    const programs = new Map<string, Program | null>();
    const cards = new Map<string, LoadedCard | null>();
    const outcomes: (AppendOutcome | { id: string; card: LoadedCard })[] = [];
    for (const event of batch.events) {
      const program = once(programs, event.programId, () =>
        this.#loadProgram(batch.merchantId, event.programId),
      );
      const card = once(cards, event.cardId, () => this.#loadCard(batch.merchantId, event.cardId));
      const inOrder = card !== null && canApplyIncrementally(card.state, event);
      // Only an in-order event is judged against the card's state, so only then must it be exact.
      if (card?.stale && inOrder && program) this.#refold(card, program, event.cardId);
      const body = canonicalJson(event);
      const refused = batch.admit({ event, program, card });
      if (refused) {
        outcomes.push(
          this.#alreadyStored(event.id, body) ?? {
            id: event.id,
            status: "rejected",
            rejection: refused,
          },
        );
        continue;
      }
      const inserted = this.#insert.run(
        event.id,
        batch.merchantId,
        event.cardId,
        event.deviceId,
        event.hlc,
        event.type,
        body,
        batch.now,
      );
      if (inserted.changes === 0) {
        outcomes.push(this.#alreadyStored(event.id, body) as AppendOutcome);
        continue;
      }
      // Admission passed, so the card and its program exist.
      const loaded = card as LoadedCard;
      // A late event (sorting before the card's newest) or a revocation means a refold; one per card per batch,
      // however many late events the batch holds.
      if (inOrder) loaded.state = applyEvent(program as Program, loaded.state, event);
      else loaded.stale = true;
      loaded.dirty = true;
      outcomes.push({ id: event.id, card: loaded });
    }
    for (const [cardId, card] of cards) {
      if (!card?.dirty) continue;
      if (card.stale) this.#refold(card, programs.get(card.programId) as Program, cardId);
      this.#save(cardId, batch.merchantId, card.state, card.storedVouchers, batch.now);
    }
    return outcomes.map((o) =>
      "card" in o ? { id: o.id, status: "accepted", state: o.card.state } : o,
    );
  }

  /**
   * Every card of a program folded again with its new version: a state holds the goal it was
   * folded with, and its cycles, stamps and vouchers follow from that goal. Runs in the caller's
   * transaction (the program update), so no card is ever read with the old goal after it.
   */
  refoldProgram(program: Program, now: number): void {
    for (const { id } of this.#programCards.all(program.id, program.merchantId))
      this.#save(id, program.merchantId, foldCard(program, id, this.#cardEvents(id)), null, now);
  }

  /**
   * Stores a card's state with its summary columns and the vouchers that differ from
   * `storedVouchers` (null: unknown, all are written), and versions its wallet pass to match.
   */
  #save(
    cardId: string,
    merchantId: string,
    state: CardState,
    storedVouchers: readonly Voucher[] | null,
    now: number,
  ): void {
    const vouchersMoved = this.#vouchers.save(cardId, state, storedVouchers);
    const text = encodeCardState(state);
    const saved = this.#saveCard.get(
      text,
      state.stamps,
      state.cycles,
      state.lastHlc,
      state.conflicts.length,
      now,
      vouchersMoved ? 1 : 0,
      cardId,
    );
    if (saved) this.#states.remember(cardId, text, saved.vouchers_version, state);
    this.#passes.cardSaved(cardId, merchantId, state, now);
  }

  #refold(card: LoadedCard, program: Program, cardId: string): void {
    card.state = foldCard(program, cardId, this.#cardEvents(cardId));
    card.stale = false;
  }

  /** The answer for an id the log already holds: the same event again, or another one under its id. */
  #alreadyStored(id: string, body: string): AppendOutcome | null {
    const existing = this.#existing.get(id);
    if (!existing) return null;
    if (existing.body === body) return { id, status: "duplicate" };
    return {
      id,
      status: "rejected",
      rejection: rejection("id-conflict", "another event with this id is already stored"),
    };
  }

  #loadProgram(merchantId: string, programId: string): Program | null {
    const row = this.#program.get(programId, merchantId);
    return row ? (JSON.parse(row.body) as Program) : null;
  }

  #loadCard(merchantId: string, cardId: string): LoadedCard | null {
    const row = this.#card.get(cardId, merchantId);
    if (!row) return null;
    const state =
      this.#states.get(cardId, row.state, row.vouchers_version) ??
      decodeCardState(row.state, this.#vouchers.load(cardId));
    return {
      programId: row.program_id,
      storedVouchers: state.vouchers,
      state,
      stale: false,
      dirty: false,
    };
  }

  #cardEvents(cardId: string): StampEvent[] {
    return this.#cardBodies.all(cardId).map((row) => JSON.parse(row.body) as StampEvent);
  }

  /**
   * A device already holds the events it sent, so they are skipped rather than echoed: a till
   * pushing a backlog would otherwise download it all again. A last page moves the cursor past
   * the end of the log, over any of the device's own events there; expects a read transaction so
   * the end is the one the page saw.
   */
  page(merchantId: string, deviceId: string, cursor: number, limit: number): EventPage {
    const rows = this.#page.all(merchantId, cursor, deviceId, limit + 1);
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    return {
      bodies: shown.map((row) => row.body),
      cursor: more
        ? (shown[shown.length - 1] as { seq: number }).seq
        : Math.max(cursor, this.maxSeq(merchantId)),
      more,
    };
  }

  maxSeq(merchantId: string): number {
    return this.#maxSeq.get(merchantId)?.seq ?? 0;
  }

  latestHlc(): string | null {
    return this.#recentHlcs.get()?.hlc ?? null;
  }

  history(merchantId: string, cardId: string): LoggedEvent[] {
    return this.#history.all(cardId, merchantId).map((row) => ({
      seq: row.seq,
      receivedAt: row.received_at,
      event: JSON.parse(row.body) as StampEvent,
    }));
  }
}
