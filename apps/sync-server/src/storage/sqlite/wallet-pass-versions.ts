import type Database from "better-sqlite3";
import type { CardWrite } from "../append/card-write";
import { COALESCE_PUSH_JOB } from "../push-job-coalescing";
import { merchantCardsById } from "./merchant-cards-by-id";

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

/** A card row's pass columns as a save writes them: null where the pass keeps its version. */
export interface PassVersion {
  readonly passFingerprint: string | null;
  readonly passUpdatedAt: number | null;
  readonly passSeq: number | null;
}

/** The pass version `cardWrite` decided, under the pass tag the merchant's log row hands out. */
export function passVersion({ pass, columns }: CardWrite, tag: number): PassVersion {
  if (pass === null) return { passFingerprint: null, passUpdatedAt: null, passSeq: null };
  const updatedAt = pass.kind === "create" ? columns.updatedAt : pass.updatedAt;
  return { passFingerprint: pass.fingerprint, passUpdatedAt: updatedAt, passSeq: tag };
}

interface VersionStatements<Scope> {
  readonly bump: Database.Statement<[Scope]>;
  readonly enqueue: Database.Statement<[Scope]>;
}

/** A program or location edit: every pass it shows on. */
const PROGRAM_CARDS =
  "c.merchant_id = @merchantId AND (@programId = '' OR c.program_id = @programId)";

/** A campaign step: the passes of the cards it reached, found by id. */
export const CAMPAIGN_CARDS = merchantCardsById("@cardIds", "@merchantId");

/**
 * New versions for the passes of the cards `scope` (a condition on `cards c`, with @now and @tag)
 * selects, a second after each one's last (`nextPassTime`), and a push job for those listened to.
 */
export function versionSql(scope: string): Record<keyof VersionStatements<unknown>, string> {
  return {
    bump: `UPDATE cards AS c SET pass_updated_at = max(@now, (pass_updated_at / 1000) * 1000 + 1000),
         pass_seq = @tag
       WHERE pass_fingerprint IS NOT NULL AND ${scope}`,
    enqueue: `INSERT INTO wallet_push_jobs
         (card_id, merchant_id, generation, status, attempts, due_at, locked_until)
       SELECT p.card_id, p.merchant_id, 1, 'pending', 0, @now, 0
       FROM cards c JOIN wallet_passes p ON p.card_id = c.id
       WHERE ${scope} AND ${LISTENED}
       ${COALESCE_PUSH_JOB}`,
  };
}

function versionStatements<Scope extends object>(
  db: Database.Database,
  scope: string,
): VersionStatements<Scope> {
  const sql = versionSql(scope);
  return { bump: db.prepare<[Scope]>(sql.bump), enqueue: db.prepare<[Scope]>(sql.enqueue) };
}

/**
 * Writes the new passes and push jobs `cardWrite` decided (the version goes on the card's row,
 * `passVersion`), and the versions a program or location edit makes, in the caller's
 * transaction, under the pass tag the merchant's log row hands out.
 */
export class WalletPassVersions {
  readonly #create: Database.Statement<[string, string, string]>;
  readonly #enqueue: Database.Statement<[string, string, number]>;
  readonly #program: VersionStatements<ProgramScope>;
  readonly #cards: VersionStatements<CardsScope>;

  constructor(db: Database.Database) {
    this.#create = db.prepare(
      "INSERT INTO wallet_passes (card_id, merchant_id, auth_token) VALUES (?, ?, ?)",
    );
    this.#enqueue = db.prepare(
      `INSERT INTO wallet_push_jobs (card_id, merchant_id, generation, status, attempts, due_at, locked_until)
       VALUES (?, ?, 1, 'pending', 0, ?, 0) ${COALESCE_PUSH_JOB}`,
    );
    this.#program = versionStatements(db, PROGRAM_CARDS);
    this.#cards = versionStatements(db, CAMPAIGN_CARDS);
  }

  save(write: CardWrite): void {
    const { pass } = write;
    if (pass?.kind === "create") this.#create.run(write.cardId, write.merchantId, pass.authToken);
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
