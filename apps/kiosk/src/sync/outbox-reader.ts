import type { StampEvent } from "@stamp/core";
import type { StampDb } from "../storage/db";
import { PUSH_BATCH } from "./sync-protocol";

/** Batches read per IndexedDB query. */
const BATCHES_PER_PAGE = 4;

/**
 * The outbox, oldest first, read ahead in pages by id (UUIDv7 ids sort by creation time). Once
 * the take after next would need a read, the next page is asked for at once, so it is read while
 * two batches are on their way to the server, not after an answer: the read queues behind the
 * answers' stores (they write the outbox), and the next request waits for nothing but its batch.
 */
export class OutboxReader {
  readonly #db: StampDb;
  /** Outbox events read per IndexedDB query. */
  readonly #page: number;
  #buffer: StampEvent[] = [];
  #after: string | null = null;
  #exhausted = false;
  /** The page being read ahead; null when none is. */
  #reading: Promise<StampEvent[]> | null = null;

  /** `batch`: the events the caller takes at a time. */
  constructor(db: StampDb, batch = PUSH_BATCH) {
    this.#db = db;
    this.#page = BATCHES_PER_PAGE * batch;
  }

  async take(count: number): Promise<StampEvent[]> {
    if (this.#buffer.length < count && !this.#exhausted) await this.#append(this.#readPage());
    const batch = this.#buffer.splice(0, count);
    if (this.#buffer.length < 2 * count && !this.#exhausted) {
      const ahead = this.#readPage();
      // Failures surface in the take that needs the page; until then nobody awaits it.
      ahead.catch(() => undefined);
    }
    return batch;
  }

  putBack(events: readonly StampEvent[]): void {
    this.#buffer.unshift(...events);
  }

  /** Events made after the last read are picked up by the run their own trigger starts. */
  get more(): boolean {
    return this.#buffer.length > 0 || !this.#exhausted;
  }

  restart(): void {
    this.#buffer = [];
    this.#after = null;
    this.#exhausted = false;
    this.#reading = null;
  }

  /** The page after the last one read: the one being read ahead, or a new read. */
  #readPage(): Promise<StampEvent[]> {
    if (this.#reading === null) {
      const outbox = this.#db.outbox;
      this.#reading =
        this.#after === null
          ? outbox.orderBy(":id").limit(this.#page).toArray()
          : outbox.where(":id").above(this.#after).limit(this.#page).toArray();
    }
    return this.#reading;
  }

  async #append(reading: Promise<StampEvent[]>): Promise<void> {
    try {
      const page = await reading;
      // A restart while the page was read: it belongs to the outbox as it was read before.
      if (reading !== this.#reading) return;
      this.#exhausted = page.length < this.#page;
      this.#after = page.at(-1)?.id ?? this.#after;
      this.#buffer.push(...page);
    } finally {
      if (reading === this.#reading) this.#reading = null;
    }
  }
}
