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

interface Listening {
  readonly listening: number;
}

/** Whether a pass row's card has a wallet listening for pushes (Google object or Apple device). */
const LISTENING = `google_object = 1
  OR EXISTS (SELECT 1 FROM wallet_registrations r WHERE r.card_id = wallet_passes.card_id)
  AS listening`;

/**
 * Keeps each card's wallet pass version in step with its state, inside the transaction that saves
 * the card: a visible change moves the pass's Last-Modified and update tag, and queues one push job
 * for the card (coalesced with a pending one) when some wallet is listening for it.
 */
export class WalletPassVersions {
  readonly #bump: Database.Statement<[Omit<PassVersion, "authToken" | "merchantId">], Listening>;
  readonly #exists: Database.Statement<[string], { found: number }>;
  readonly #create: Database.Statement<[PassVersion], Listening>;
  readonly #enqueue: Database.Statement;

  constructor(db: Database.Database) {
    // The ingest path runs one statement per saved card: bump the existing pass when its
    // fingerprint moved, and say whether a wallet listens. Only a card's first save creates the
    // row — and only then is an auth token drawn (drawing one per save cost ~4 µs per event).
    // HTTP dates have whole seconds, so a new version lands in a later second than the one
    // before, or two versions would look alike to a device's If-Modified-Since.
    this.#bump = db.prepare(
      `UPDATE wallet_passes SET
         fingerprint = @fingerprint,
         updated_at = max(@now, (updated_at / 1000) * 1000 + 1000),
         update_seq = (SELECT coalesce(max(update_seq), 0) + 1 FROM wallet_passes)
       WHERE card_id = @cardId AND fingerprint <> @fingerprint
       RETURNING ${LISTENING}`,
    );
    this.#exists = db.prepare("SELECT 1 AS found FROM wallet_passes WHERE card_id = ?");
    this.#create = db.prepare(
      `INSERT INTO wallet_passes (card_id, merchant_id, auth_token, fingerprint, updated_at, update_seq)
       VALUES (@cardId, @merchantId, @authToken, @fingerprint, @now,
               (SELECT coalesce(max(update_seq), 0) + 1 FROM wallet_passes))
       RETURNING ${LISTENING}`,
    );
    this.#enqueue = db.prepare(
      `INSERT INTO wallet_push_jobs (card_id, merchant_id, generation, status, attempts, due_at, locked_until)
       VALUES (?, ?, 1, 'pending', 0, ?, 0) ${COALESCE_PUSH_JOB}`,
    );
  }

  cardSaved(cardId: string, merchantId: string, state: CardState, now: number): void {
    const fingerprint = passFingerprint(state, now);
    const saved =
      this.#bump.get({ cardId, fingerprint, now }) ??
      (this.#exists.get(cardId)
        ? undefined
        : this.#create.get({ cardId, merchantId, authToken: randomToken(), fingerprint, now }));
    if (saved?.listening) this.#enqueue.run(cardId, merchantId, now);
  }
}
