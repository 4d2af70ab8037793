import {
  type Arrival,
  type CardState,
  CompactReplica,
  type Program,
  type StampEvent,
} from "@stamp/core";
import { type CardRecord, seedRecord } from "./card-record";

/** Beyond this many events in memory the open cards are dropped; they reload from IndexedDB. */
const MAX_EVENTS_IN_MEMORY = 20_000;

/**
 * The cards opened on screen (Staff Scanner: undo needs their events), folded with the events
 * beyond their snapshots by one stamp-core `CompactReplica` (SPEC CS1–CS5). The card ledger says
 * which cards are open and what they are read from.
 */
export class OpenCards {
  readonly #programs: (programId: string) => Program | undefined;
  #replica: CompactReplica;
  #events = 0;
  readonly #open = new Set<string>();

  constructor(programs: (programId: string) => Program | undefined) {
    this.#programs = programs;
    this.#replica = new CompactReplica(programs);
  }

  has(cardId: string): boolean {
    return this.#open.has(cardId);
  }

  /** Holding more events than memory should: close them all before opening another. */
  get crowded(): boolean {
    return this.#events > MAX_EVENTS_IN_MEMORY;
  }

  add(cardId: string): void {
    this.#open.add(cardId);
  }

  /** Counts an open card's events once it is read in. */
  counted(cardId: string): void {
    this.#events += this.#replica.cardEvents(cardId).length;
  }

  /** A read of an open card; the replica takes each event once, whatever an earlier read gave it. */
  seed(record: CardRecord): void {
    seedRecord(this.#replica, record);
  }

  /** New events of open cards. */
  ingest(events: readonly StampEvent[], arrival: Arrival): void {
    this.#replica.ingest(events, arrival);
    this.#events += events.length;
  }

  state(cardId: string): CardState | undefined {
    return this.#replica.state(cardId);
  }

  doubtful(cardId: string): boolean {
    return this.#replica.doubtful(cardId);
  }

  /** An open card's events beyond its snapshot (the tail and what came after), in L2 order. */
  events(cardId: string): readonly StampEvent[] {
    return this.#replica.cardEvents(cardId);
  }

  /** The snapshot an open card is folded from (SPEC CS1); null for none. */
  base(cardId: string): CardState | null {
    return this.#replica.snapshot(cardId)?.snapshot ?? null;
  }

  closeAll(): void {
    this.#replica = new CompactReplica(this.#programs);
    this.#events = 0;
    this.#open.clear();
  }
}
