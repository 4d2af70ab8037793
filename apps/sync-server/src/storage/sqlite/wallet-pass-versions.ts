import type { CardState } from "@stamp/core";
import type Database from "better-sqlite3";
import { randomToken } from "../../secrets/random-token";
import { passFingerprint } from "../../wallet/pass-fingerprint";

/**
 * Keeps each card's wallet pass version in step with its state, inside the transaction that saves
 * the card: a visible change moves the pass's Last-Modified and update tag, and queues one push job
 * for the card (coalesced with a pending one) when some wallet is listening for it.
 */
export class WalletPassVersions {
  readonly #current: Database.Statement<[string], { fingerprint: string; updated_at: number }>;
  readonly #insert: Database.Statement;
  readonly #bump: Database.Statement;
  readonly #listening: Database.Statement<[string, string], { listening: number }>;
  readonly #enqueue: Database.Statement;

  constructor(db: Database.Database) {
    this.#current = db.prepare(
      "SELECT fingerprint, updated_at FROM wallet_passes WHERE card_id = ?",
    );
    this.#insert = db.prepare(
      `INSERT INTO wallet_passes (card_id, merchant_id, auth_token, fingerprint, updated_at, update_seq)
       VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(update_seq), 0) + 1 FROM wallet_passes))`,
    );
    this.#bump = db.prepare(
      `UPDATE wallet_passes SET fingerprint = ?, updated_at = ?,
         update_seq = (SELECT coalesce(max(update_seq), 0) + 1 FROM wallet_passes)
       WHERE card_id = ?`,
    );
    this.#listening = db.prepare(
      `SELECT EXISTS (SELECT 1 FROM wallet_registrations WHERE card_id = ?)
           OR EXISTS (SELECT 1 FROM wallet_passes WHERE card_id = ? AND google_object = 1)
         AS listening`,
    );
    // A failed job comes back to life with fresh attempts; a pending one keeps its schedule (and
    // backoff) and only learns, through its generation, that there is more to send.
    this.#enqueue = db.prepare(
      `INSERT INTO wallet_push_jobs (card_id, merchant_id, generation, status, attempts, due_at, locked_until)
       VALUES (?, ?, 1, 'pending', 0, ?, 0)
       ON CONFLICT (card_id) DO UPDATE SET
         generation = generation + 1,
         attempts = CASE WHEN status = 'failed' THEN 0 ELSE attempts END,
         due_at = CASE WHEN status = 'failed' THEN excluded.due_at ELSE due_at END,
         status = 'pending'`,
    );
  }

  cardSaved(cardId: string, merchantId: string, state: CardState, now: number): void {
    const fingerprint = passFingerprint(state, now);
    const current = this.#current.get(cardId);
    if (!current) {
      this.#insert.run(cardId, merchantId, randomToken(), fingerprint, now);
      return;
    }
    if (current.fingerprint === fingerprint) return;
    this.#bump.run(fingerprint, nextUpdateTime(current.updated_at, now), cardId);
    if (this.#listening.get(cardId, cardId)?.listening) this.#enqueue.run(cardId, merchantId, now);
  }
}

/**
 * HTTP dates have whole seconds: two versions within one second would look alike to a device's
 * If-Modified-Since, so a version always lands in a later second than the one before.
 */
export function nextUpdateTime(previous: number, now: number): number {
  return Math.max(now, Math.floor(previous / 1000) * 1000 + 1000);
}
