import type { CardState } from "@stamp/core";
import type Database from "better-sqlite3";
import { randomToken } from "../../secrets/random-token";
import { passFingerprint } from "../../wallet/pass-fingerprint";
import { COALESCE_PUSH_JOB } from "./push-job-coalescing";

interface PassVersion {
  readonly cardId: string;
  readonly merchantId: string;
  readonly authToken: string;
  readonly fingerprint: string;
  readonly now: number;
}

/**
 * Keeps each card's wallet pass version in step with its state, inside the transaction that saves
 * the card: a visible change moves the pass's Last-Modified and update tag, and queues one push job
 * for the card (coalesced with a pending one) when some wallet is listening for it.
 */
export class WalletPassVersions {
  readonly #save: Database.Statement<[PassVersion], { listening: number }>;
  readonly #enqueue: Database.Statement;

  constructor(db: Database.Database) {
    // One statement per saved card on the ingest path: creates the pass row on the card's first
    // save, bumps it only when the fingerprint moved, and says whether a wallet listens. HTTP dates
    // have whole seconds, so a new version lands in a later second than the one before, or two
    // versions would look alike to a device's If-Modified-Since.
    this.#save = db.prepare(
      `INSERT INTO wallet_passes (card_id, merchant_id, auth_token, fingerprint, updated_at, update_seq)
       VALUES (@cardId, @merchantId, @authToken, @fingerprint, @now,
               (SELECT coalesce(max(update_seq), 0) + 1 FROM wallet_passes))
       ON CONFLICT (card_id) DO UPDATE SET
         fingerprint = excluded.fingerprint,
         updated_at = max(excluded.updated_at, (updated_at / 1000) * 1000 + 1000),
         update_seq = excluded.update_seq
       WHERE fingerprint <> excluded.fingerprint
       RETURNING google_object = 1
         OR EXISTS (SELECT 1 FROM wallet_registrations r WHERE r.card_id = wallet_passes.card_id)
         AS listening`,
    );
    this.#enqueue = db.prepare(
      `INSERT INTO wallet_push_jobs (card_id, merchant_id, generation, status, attempts, due_at, locked_until)
       VALUES (?, ?, 1, 'pending', 0, ?, 0) ${COALESCE_PUSH_JOB}`,
    );
  }

  cardSaved(cardId: string, merchantId: string, state: CardState, now: number): void {
    const saved = this.#save.get({
      cardId,
      merchantId,
      authToken: randomToken(),
      fingerprint: passFingerprint(state, now),
      now,
    });
    if (saved?.listening) this.#enqueue.run(cardId, merchantId, now);
  }
}
