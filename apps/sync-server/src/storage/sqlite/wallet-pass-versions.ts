import type Database from "better-sqlite3";
import type { CardWrite } from "../append/card-write";
import { COALESCE_PUSH_JOB } from "../push-job-coalescing";

/** Whether a pass row's card has a wallet listening for pushes (Google object or Apple device). */
const LISTENED = `(p.google_object = 1
  OR EXISTS (SELECT 1 FROM wallet_registrations r WHERE r.card_id = p.card_id))`;

interface ProgramScope {
  readonly now: number;
  readonly merchantId: string;
  /** '' for all of the merchant's programs. */
  readonly programId: string;
  readonly tag: number;
}

interface CardsScope {
  readonly now: number;
  readonly merchantId: string;
  /** JSON array of card ids. */
  readonly cardIds: string;
  readonly tag: number;
}

interface VersionStatements<Scope> {
  readonly bump: Database.Statement<[Scope]>;
  readonly enqueue: Database.Statement<[Scope]>;
}

/**
 * New versions for the passes `scope` (a condition on `wallet_passes` columns, with @now and @tag)
 * selects, a second after each one's last (`nextPassTime`), and a push job for those listened to.
 */
function versionStatements<Scope extends object>(
  db: Database.Database,
  scope: string,
): VersionStatements<Scope> {
  return {
    bump: db.prepare<[Scope]>(
      `UPDATE wallet_passes SET updated_at = max(@now, (updated_at / 1000) * 1000 + 1000),
         update_seq = @tag
       WHERE ${scope}`,
    ),
    enqueue: db.prepare<[Scope]>(
      `INSERT INTO wallet_push_jobs
         (card_id, merchant_id, generation, status, attempts, due_at, locked_until)
       SELECT p.card_id, p.merchant_id, 1, 'pending', 0, @now, 0 FROM wallet_passes p
       WHERE p.${scope} AND ${LISTENED}
       ${COALESCE_PUSH_JOB}`,
    ),
  };
}

/**
 * Writes the pass versions and push jobs `cardWrite` decided, and the ones a program or location
 * edit makes, in the caller's transaction, under the pass tag the merchant's log row hands out.
 */
export class WalletPassVersions {
  readonly #bump: Database.Statement<[string, number, number, string]>;
  readonly #create: Database.Statement<[string, string, string, string, number, number]>;
  readonly #enqueue: Database.Statement<[string, string, number]>;
  readonly #program: VersionStatements<ProgramScope>;
  readonly #cards: VersionStatements<CardsScope>;

  constructor(db: Database.Database) {
    this.#bump = db.prepare(
      "UPDATE wallet_passes SET fingerprint = ?, updated_at = ?, update_seq = ? WHERE card_id = ?",
    );
    this.#create = db.prepare(
      `INSERT INTO wallet_passes (card_id, merchant_id, auth_token, fingerprint, updated_at, update_seq)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#enqueue = db.prepare(
      `INSERT INTO wallet_push_jobs (card_id, merchant_id, generation, status, attempts, due_at, locked_until)
       VALUES (?, ?, 1, 'pending', 0, ?, 0) ${COALESCE_PUSH_JOB}`,
    );
    // A program or location edit: every pass it shows on, a second later each (`nextPassTime`).
    this.#program = versionStatements(
      db,
      `card_id IN (SELECT id FROM cards WHERE merchant_id = @merchantId
        AND (@programId = '' OR program_id = @programId))`,
    );
    // A campaign step: the passes of the cards it reached.
    this.#cards = versionStatements(
      db,
      "merchant_id = @merchantId AND card_id IN (SELECT value FROM json_each(@cardIds))",
    );
  }

  save(write: CardWrite, tag: number): void {
    const { pass } = write;
    if (pass?.kind === "create")
      this.#create.run(
        write.cardId,
        write.merchantId,
        pass.authToken,
        pass.fingerprint,
        write.columns.updatedAt,
        tag,
      );
    else if (pass?.kind === "bump")
      this.#bump.run(pass.fingerprint, pass.updatedAt, tag, write.cardId);
    if (write.push) this.#enqueue.run(write.cardId, write.merchantId, write.columns.updatedAt);
  }

  /** Every pass of the merchant (or of one of its programs) shows something new. */
  bumpAll(merchantId: string, programId: string | null, now: number, tag: number): void {
    const scope = { now, merchantId, programId: programId ?? "", tag };
    this.#program.bump.run(scope);
    this.#program.enqueue.run(scope);
  }

  /** The passes of these cards of the merchant show something new (a campaign's message). */
  bumpCards(merchantId: string, cardIds: readonly string[], now: number, tag: number): void {
    const scope = { now, merchantId, cardIds: JSON.stringify(cardIds), tag };
    this.#cards.bump.run(scope);
    this.#cards.enqueue.run(scope);
  }
}
