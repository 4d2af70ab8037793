import {
  applyOwned,
  type CardState,
  canApplyIncrementally,
  compareEvents,
  isInOrder,
  type OwnedCardState,
  ownedCopy,
  type PlacedStamp,
  type Program,
  type StampEvent,
  sameEvent,
  type Voucher,
} from "@stamp/core";
import { rejection } from "../../sync/rejection";
import type { AdmissionInput, AppendBatch, AppendOutcome, EventOwner } from "../store";
import {
  type CardHistory,
  type CardReplay,
  replayCard,
  SNAPSHOTS,
  type SnapshotChange,
  type SnapshotPolicy,
  snapshotChange,
} from "./card-snapshots";

/** What a card's wallet pass shows now, read with the card. */
export interface PassAtHand {
  readonly fingerprint: string;
  readonly updatedAt: number;
  /** A Google object exists or an Apple device registered: a visible change is pushed. */
  readonly listening: boolean;
}

export interface CardAtHand {
  readonly programId: string;
  readonly state: CardState;
  /** Null until the card's first save creates its pass row. */
  readonly pass: PassAtHand | null;
}

/**
 * The log as it stands before a batch, read inside the batch's transaction. Each adapter serves it
 * its own way: SQLite reads row by row on demand, PostgreSQL preloads what a batch names and throws
 * `MissingRows` for the rest (then loads it and plans again).
 */
export interface LedgerView extends CardHistory {
  program(programId: string): Program | null;
  card(cardId: string): CardAtHand | null;
  /** The stored body of the event with this id, whatever its merchant; null when there is none. */
  storedBody(eventId: string): string | null;
  /**
   * The card's stored stamps placed after `fromMs` and before `toMs` (stamp-core SPEC R8). A stamp
   * stored before placements were kept is placed at the earlier of its own and its receive time.
   */
  placedStamps(cardId: string, fromMs: number, toMs: number): readonly PlacedStamp[];
  /** The card and type of this merchant's stored event `eventId`; null when it holds none. */
  eventOwner(eventId: string): EventOwner | null;
}

/** An event that joins the log, with the text stored and handed back to pulling devices. */
export interface NewEvent {
  readonly event: StampEvent;
  /** The event as validated, serialised once (`storedText`). */
  readonly body: string;
  /** Where the server placed it in its own time (stamp-core SPEC R8). */
  readonly placedAt: number;
}

/** A card whose state changed: what it was loaded with, and what it is now. */
export interface CardChange {
  readonly cardId: string;
  readonly merchantId: string;
  readonly state: CardState;
  /** The vouchers as stored, so a save writes only those that changed (null: write them all). */
  readonly storedVouchers: readonly Voucher[] | null;
  readonly pass: PassAtHand | null;
  readonly snapshots: SnapshotChange;
}

export interface AppendPlan {
  readonly outcomes: AppendOutcome[];
  readonly inserts: readonly NewEvent[];
  readonly changes: readonly CardChange[];
}

interface PlannedCard extends CardReplay {
  readonly programId: string;
  readonly loaded: CardAtHand;
  state: CardState;
  /** `state` when the plan made it and applies this batch's events to it in place (else null). */
  owned: OwnedCardState | null;
  /** The state just before the earliest late event, from the card's last replay. */
  beforeLate: CardState | null;
  /** Late events joined the card: refold before trusting its counts. */
  stale: boolean;
  readonly added: StampEvent[];
  /** This batch's new stamps of the card, as placed. */
  readonly placed: PlacedStamp[];
  lateFrom: StampEvent | null;
  /** The card's placed stamps, stored and this batch's (`AdmissionInput.placedStamps`). */
  readonly placedStamps: AdmissionInput["placedStamps"];
}

/**
 * The text an event is stored as: the validated event as it stands, fields in the order validation
 * gave them — no canonical re-serialisation (sorted keys) on the hot path. A device's resend comes
 * through the same validation, so it serialises alike; one that does not (a stored body from before,
 * another producer's field order) is told apart by its content (`sameEvent`).
 */
export function storedText(event: StampEvent): string {
  return JSON.stringify(event);
}

/** Whether the stored text of an event id is `event` again (a duplicate) or another event. */
function sameStored(stored: string, body: string, event: StampEvent): boolean {
  return stored === body || sameEvent(JSON.parse(stored) as StampEvent, event);
}

/** A card not stored has no stamps placed: no stored event names it (a foreign key). */
const NONE_PLACED = (): readonly PlacedStamp[] => [];

/** The value `key` has in `seen`, read at most once per batch (a missing row is remembered as null). */
function once<V>(
  seen: Map<string, V | null>,
  key: string,
  load: (key: string) => V | null,
): V | null {
  const known = seen.get(key);
  if (known !== undefined) return known;
  const loaded = load(key);
  seen.set(key, loaded);
  return loaded;
}

/**
 * Decides what one batch of a merchant's events does, without writing anything: true duplicates
 * are answered as such, another event under a stored id is refused, the rest go through `admit`
 * with the card's state before them. An in-order event is applied to its card, whatever its
 * history; a late one (sorting before the card's newest) or a revocation replays the card, once per
 * card per batch however many late events the batch holds: from the newest snapshot before the
 * earliest late event, or from all its events (`card-snapshots.ts`). Both adapters write the plan
 * in the batch's transaction, so the log, the card states and their snapshots commit together.
 */
export function planAppend(
  batch: AppendBatch,
  view: LedgerView,
  snapshots: SnapshotPolicy = SNAPSHOTS,
): AppendPlan {
  const programs = new Map<string, Program | null>();
  const cards = new Map<string, PlannedCard | null>();
  // The batch's events that join the log, by id: what a later event under the same id or a
  // revocation of one of them finds (an event is its own `EventOwner`: no object more per event).
  const added = new Map<string, NewEvent>();
  const inserts: NewEvent[] = [];
  const outcomes: (AppendOutcome | { id: string; card: PlannedCard })[] = [];
  const refold = (card: PlannedCard, cardId: string) => {
    const program = programs.get(card.programId) ?? view.program(card.programId);
    if (!program) throw new Error(`card ${cardId} names a program that is gone`);
    const replayed = replayCard(program, cardId, card, view);
    card.state = replayed.state;
    card.owned = null;
    card.beforeLate = replayed.beforeLate;
    card.stale = false;
  };
  /** The answer for an id the log already holds: the same event again, or another one under its id. */
  const alreadyStored = (event: StampEvent, body: string): AppendOutcome | null => {
    const { id } = event;
    const stored = added.get(id)?.body ?? view.storedBody(id);
    if (stored === null) return null;
    if (sameStored(stored, body, event)) return { id, status: "duplicate" };
    return {
      id,
      status: "rejected",
      rejection: rejection("id-conflict", "another event with this id is already stored"),
    };
  };

  const programOf = (programId: string) => view.program(programId);
  const plannedCard = (cardId: string): PlannedCard | null => {
    const loaded = view.card(cardId);
    if (!loaded) return null;
    const placed: PlacedStamp[] = [];
    return {
      programId: loaded.programId,
      loaded,
      state: loaded.state,
      owned: null,
      beforeLate: null,
      stale: false,
      added: [],
      placed,
      lateFrom: null,
      placedStamps: (fromMs, toMs) => [
        ...view.placedStamps(cardId, fromMs, toMs),
        ...placed.filter((s) => s.ms > fromMs && s.ms < toMs),
      ],
    };
  };

  // No closure per event: one per card (issue 13: the plan was ~1.4 MB of a 500-event batch's
  // ~8.9 MB of garbage).
  for (const event of batch.events) {
    const program = once(programs, event.programId, programOf);
    const card = once(cards, event.cardId, plannedCard);
    const inOrder = card !== null && canApplyIncrementally(card.state, event);
    // An in-order event is judged against the card's state, and so is the voucher an event
    // names (a stamp earlier in this batch may have earned it): only then must the state be exact.
    if (card?.stale && (inOrder || "voucherId" in event) && program) refold(card, event.cardId);
    const body = storedText(event);
    const known = alreadyStored(event, body);
    if (known) {
      outcomes.push(known);
      continue;
    }
    const placedAt = batch.placedAt ? batch.placedAt(event) : batch.now;
    const input: AdmissionInput = {
      event,
      program,
      card,
      now: batch.now,
      placedAt,
      placedStamps: card ? card.placedStamps : NONE_PLACED,
    };
    const refused = batch.admit(
      event.type === "stamps.revoked"
        ? {
            ...input,
            target: added.get(event.targetId)?.event ?? view.eventOwner(event.targetId),
          }
        : input,
    );
    if (refused) {
      outcomes.push({ id: event.id, status: "rejected", rejection: refused });
      continue;
    }
    // Admission passed, so the card and its program exist.
    const planned = card as PlannedCard;
    // One copy of the card's state per batch, not one per event (issue 13): the loaded state is
    // shared (the adapters' caches hold it), a refolded one may be a snapshot's.
    if (inOrder) {
      planned.owned ??= ownedCopy(planned.state);
      planned.state = planned.owned;
      applyOwned(program as Program, planned.owned, event);
    } else planned.stale = true;
    const loaded = planned.loaded.state;
    if (
      !isInOrder(loaded, event) &&
      (!planned.lateFrom || compareEvents(event, planned.lateFrom) < 0)
    )
      planned.lateFrom = event;
    planned.added.push(event);
    if (event.type === "stamps.added")
      planned.placed.push({ ms: placedAt, count: event.count, channel: event.channel });
    const insert = { event, body, placedAt };
    added.set(event.id, insert);
    inserts.push(insert);
    outcomes.push({ id: event.id, card: planned });
  }

  const changes: CardChange[] = [];
  for (const [cardId, card] of cards) {
    if (!card || card.added.length === 0) continue;
    if (card.stale) refold(card, cardId);
    changes.push({
      cardId,
      merchantId: batch.merchantId,
      state: card.state,
      storedVouchers: card.loaded.state.vouchers,
      pass: card.loaded.pass,
      snapshots: snapshotChange(cardId, card.loaded.state, card, view, snapshots),
    });
  }
  return {
    outcomes: outcomes.map((o) =>
      "card" in o ? { id: o.id, status: "accepted", state: o.card.state } : o,
    ),
    inserts,
    changes,
  };
}
