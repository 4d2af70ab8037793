import {
  type CardState,
  type CompactReplica,
  emptyCardState,
  type Program,
  type StampEvent,
} from "@stamp/core";
import type { CardLedger } from "../cards/card-ledger";
import { ofKnownPrograms, replicaOf, withHeld } from "../cards/card-record";
import type { StampDb } from "../storage/db";
import { type Author, decideAndWrite, type EventDraft, writeEvents } from "../storage/event-writer";
import type { LoggedWrite, LogWrites } from "../storage/log-writes";
import type { Durable } from "../storage/storage-guard";
import type { DeviceClock } from "./device-clock";

export interface Decision<T> {
  readonly drafts: readonly EventDraft[];
  readonly result: T;
}

/** A card as a screen shows it: its state, and its events beyond its snapshot in fold order. */
export interface ShownCard {
  readonly state: CardState;
  readonly events: readonly StampEvent[];
}

/** What a decision saw of the card (`before`), the events it wrote and what it answered. */
export interface WrittenDecision<V, T> {
  readonly before: V;
  readonly events: StampEvent[];
  readonly result: T;
}

export interface CardWritesDeps {
  readonly db: StampDb;
  readonly durable: Durable;
  /** Runs a write once the log has room for it (`logUpkeep`). */
  readonly withRoom: <T>(write: () => Promise<T>) => Promise<T>;
  readonly clock: DeviceClock;
  /** The wall clock (ms) the device clock is moved on by. */
  readonly now: () => number;
  /** The log's writes this tab's memory has heard of. */
  readonly writes: LogWrites;
  readonly ledger: CardLedger;
  /** Who the events are by, as they are written. */
  readonly author: () => Author;
  /** Events this tab wrote, under this write number (`LogWrites`): tell other tabs, push them. */
  readonly written: (events: readonly StampEvent[], write: number) => void;
}

export interface CardWrites {
  /**
   * Decides on a card's state and makes the decision durable (scans): on memory when it can be
   * trusted for the card, else the read, the decision and the write are one transaction.
   */
  stamp<T>(
    program: Program,
    cardId: string,
    decide: (before: CardState) => Decision<T>,
  ): Promise<WrittenDecision<CardState, T>>;
  /**
   * The same for what staff do on a card on screen (add stamps, undo, redeem): decided on the card
   * as memory holds it open, else as the log holds it.
   */
  act<T>(
    program: Program,
    cardId: string,
    decide: (card: ShownCard) => Decision<T>,
  ): Promise<WrittenDecision<ShownCard, T>>;
}

/** How a decision sees a card: as memory holds it (null: not to be trusted), or from its record. */
interface View<V> {
  readonly memory: V | null;
  readonly stored: (replica: CompactReplica) => V;
}

/**
 * Every event a tab writes is decided on a card and written by one rule: a decision taken on memory
 * is written only if memory had heard of every write to the log (`LogWrites`); else nothing is
 * written and it is taken again on the card as the log holds it, in the writing transaction.
 */
export function cardWrites(deps: CardWritesDeps): CardWrites {
  const { db, durable, withRoom, clock, now, writes, ledger, author } = deps;

  const heard = (events: readonly StampEvent[], write: number) => {
    if (events.length === 0) return;
    writes.heard(write);
    deps.written(events, write);
  };

  /**
   * Writes the clock row names that this tab never heard of (another tab's notice on the way, or
   * lost with its tab): memory forgets their cards, but for `read`, which the log was just read
   * for, after them.
   */
  const learn = (recent: readonly LoggedWrite[], read?: string) => {
    const missed = writes.learn(recent);
    if (missed.length > 0) ledger.forget(missed.filter((cardId) => cardId !== read));
  };

  /** Null when memory was behind and nothing was written. */
  const fromMemory = async (drafts: readonly EventDraft[]): Promise<StampEvent[] | null> => {
    if (drafts.length === 0) return [];
    const decidedOn = writes.upTo;
    const done = await withRoom(() =>
      durable(() => writeEvents(db, author(), drafts, clock, now(), decidedOn)),
    );
    learn(done.recent);
    if (done.kind === "behind") return null;
    ledger.ingest(done.events, { kind: "own" });
    heard(done.events, done.write);
    return done.events;
  };

  const decideOn = async <V, T>(
    program: Program,
    cardId: string,
    view: View<V>,
    decide: (card: V) => Decision<T>,
  ): Promise<WrittenDecision<V, T>> => {
    if (view.memory !== null) {
      const decision = decide(view.memory);
      const events = await fromMemory(decision.drafts);
      if (events) return { before: view.memory, events, result: decision.result };
      // Another tab wrote since memory last heard from it: decided again on the card as stored.
    }
    const ofProgram = (id: string) => (id === program.id ? program : undefined);
    ledger.expect(cardId);
    try {
      const decided = await withRoom(() =>
        durable(() =>
          decideAndWrite(
            db,
            author(),
            cardId,
            clock,
            now(),
            (stored) => {
              const known = ofKnownPrograms(stored, (id) => id === program.id);
              const before = view.stored(replicaOf(ofProgram, known));
              const { drafts, result } = decide(before);
              return { drafts, result: { before, result } };
            },
            ledger.begin,
          ),
        ),
      );
      const made = decided.events.map((event) => ({ event, arrival: { kind: "own" } as const }));
      ledger.adopt({ record: withHeld(decided.stored, made), generation: decided.generation });
      learn(decided.recent, cardId);
      heard(decided.events, decided.write);
      return { ...decided.result, events: decided.events };
    } catch (error) {
      ledger.abandon(cardId);
      throw error;
    }
  };

  const stateOf = (program: Program, cardId: string) => (replica: CompactReplica) =>
    replica.state(cardId) ?? emptyCardState(program, cardId);

  return {
    stamp: (program, cardId, decide) =>
      decideOn(
        program,
        cardId,
        { memory: ledger.knownState(program, cardId), stored: stateOf(program, cardId) },
        decide,
      ),
    act(program, cardId, decide) {
      const state = ledger.isOpen(cardId) ? ledger.knownState(program, cardId) : null;
      const memory = state && { state, events: ledger.events(cardId) };
      const stored = (replica: CompactReplica) => ({
        state: stateOf(program, cardId)(replica),
        events: replica.cardEvents(cardId),
      });
      return decideOn(program, cardId, { memory, stored }, decide);
    },
  };
}
