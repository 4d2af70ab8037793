import type { StampEvent } from "@stamp/core";
import type { StampDb } from "../storage/db";
import { PUSH_BATCH } from "./sync-protocol";

/** Outbox events read per IndexedDB query; pushed in batches of PUSH_BATCH. */
const READ_AHEAD = 4 * PUSH_BATCH;

/** The outbox, oldest first, read ahead in pages by id (UUIDv7 ids sort by creation time). */
export class OutboxReader {
  readonly #db: StampDb;
  #buffer: StampEvent[] = [];
  #after: string | null = null;
  #exhausted = false;

  constructor(db: StampDb) {
    this.#db = db;
  }

  async take(count: number): Promise<StampEvent[]> {
    if (this.#buffer.length < count && !this.#exhausted) {
      const outbox = this.#db.outbox;
      const page = await (this.#after === null
        ? outbox.orderBy(":id").limit(READ_AHEAD).toArray()
        : outbox.where(":id").above(this.#after).limit(READ_AHEAD).toArray());
      this.#exhausted = page.length < READ_AHEAD;
      this.#after = page.at(-1)?.id ?? this.#after;
      this.#buffer.push(...page);
    }
    return this.#buffer.splice(0, count);
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
  }
}
