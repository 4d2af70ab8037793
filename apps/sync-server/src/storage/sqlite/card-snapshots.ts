import type { StampEvent } from "@stamp/core";
import type Database from "better-sqlite3";
import type { CardTail, SnapshotKey } from "../append/card-snapshots";
import type { SnapshotWrites } from "../append/card-write";
import { SnapshotCache } from "../snapshot-cache";

/**
 * A card's snapshots on SQLite (stamp-core SPEC C13): read when a late event replays the card,
 * written as `append/card-write.ts` decides. HLCs compare as text, byte by byte, as stamp-core does.
 */
export class CardSnapshots {
  readonly #keys: Database.Statement<[string], SnapshotKey>;
  readonly #state: Database.Statement<[string, number], { state: string }>;
  readonly #eventsFrom: Database.Statement<[string, string], { body: string }>;
  readonly #put: Database.Statement<[string, number, string, string, string]>;
  readonly #dropFrom: Database.Statement<[string, number]>;
  readonly #dropBelow: Database.Statement<[string, number]>;
  /** 4 M characters: the snapshots of a few long cards, or of many short ones. */
  readonly #decoded = new SnapshotCache(4_000_000);

  constructor(db: Database.Database) {
    this.#keys = db.prepare(
      `SELECT event_count AS eventCount, last_hlc AS lastHlc, last_id AS lastId
       FROM card_snapshots WHERE card_id = ? ORDER BY event_count DESC`,
    );
    this.#state = db.prepare(
      "SELECT state FROM card_snapshots WHERE card_id = ? AND event_count = ?",
    );
    this.#eventsFrom = db.prepare("SELECT body FROM events WHERE card_id = ? AND hlc >= ?");
    this.#put = db.prepare(
      `INSERT INTO card_snapshots (card_id, event_count, last_hlc, last_id, state)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (card_id, event_count) DO UPDATE SET last_hlc = excluded.last_hlc,
         last_id = excluded.last_id, state = excluded.state`,
    );
    this.#dropFrom = db.prepare(
      "DELETE FROM card_snapshots WHERE card_id = ? AND event_count >= ?",
    );
    this.#dropBelow = db.prepare(
      "DELETE FROM card_snapshots WHERE card_id = ? AND event_count < ?",
    );
  }

  keys(cardId: string): SnapshotKey[] {
    return this.#keys.all(cardId);
  }

  tail(cardId: string, at: SnapshotKey): CardTail | null {
    const row = this.#state.get(cardId, at.eventCount);
    if (!row) return null;
    return {
      snapshot: this.#decoded.decode(cardId, at.eventCount, row.state),
      events: this.#eventsFrom
        .all(cardId, at.lastHlc)
        .map((event) => JSON.parse(event.body) as StampEvent),
    };
  }

  save(cardId: string, writes: SnapshotWrites): void {
    if (writes.dropFrom !== null) this.#dropFrom.run(cardId, writes.dropFrom);
    for (const take of writes.take) {
      this.#put.run(cardId, take.eventCount, take.lastHlc, take.lastId, take.state);
      this.#decoded.remember(cardId, take);
    }
    if (writes.pruneBelow !== null) this.#dropBelow.run(cardId, writes.pruneBelow);
  }
}
