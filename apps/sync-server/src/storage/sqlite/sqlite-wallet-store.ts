import type { Program } from "@stamp/core";
import type Database from "better-sqlite3";
import type { LocationReminder } from "../../wallet/location-reminder";
import type { PassVersion } from "../../wallet/pass-update-tag";
import { CAMPAIGN_PUSHED, NEWEST_MESSAGE, passMessageOf } from "../campaign-rows";
import { decodeCardState } from "../card-state-json";
import { googleObjectUpdate, PASS_FETCHED, PASS_REGISTERED } from "../pass-reach-rows";
import { PUSH_TARGETS, type PushTargetRow, pushTargetsOf } from "../push-targets";
import type { BusinessDetails } from "../store";
import { MAX_REGISTRATIONS_PER_PASS } from "../stored-bounds";
import type {
  FinishedPush,
  GoogleObjectSeen,
  JoinProgram,
  PassRecord,
  PlacedLocation,
  PublicCard,
  PushJob,
  PushJobRecord,
  PushTarget,
  Registration,
  WalletStore,
} from "../wallet-store";
import { vouchersJsonOf } from "./card-vouchers";
import type { SqliteContext } from "./sqlite-context";

/** The merchant's business details as the wallet reads them with a card or program. */
interface BusinessColumns {
  contact_phone: string | null;
  website: string | null;
  address: string | null;
}

const BUSINESS_COLUMNS = "m.contact_phone, m.website, m.address";

const businessOf = (row: BusinessColumns): BusinessDetails => ({
  phone: row.contact_phone,
  website: row.website,
  address: row.address,
});

interface CardRow extends BusinessColumns {
  id: string;
  merchant_id: string;
  merchant_name: string;
  code: string;
  number: string;
  state: string;
  program: string;
  updated_at: number;
  /** JSON array. */
  vouchers: string;
}

interface PassRow {
  card_id: string;
  merchant_id: string;
  auth_token: string;
  updated_at: number;
  update_seq: number;
  google_object: number;
  google_notice: string | null;
  updates_lost_at: number | null;
  fetched_at: number | null;
  fetched_seq: number | null;
  google_users: number | null;
  google_lost_at: number | null;
}

interface RegistrationRow {
  device_library_id: string;
  pass_type_id: string;
  card_id: string;
  push_token: string;
  created_at: number;
}

interface JobRow {
  card_id: string;
  merchant_id: string;
  generation: number;
  attempts: number;
  status: "pending" | "failed";
  due_at: number;
  last_error: string | null;
}

const registrationOf = (row: RegistrationRow): Registration => ({
  deviceLibraryId: row.device_library_id,
  passTypeId: row.pass_type_id,
  cardId: row.card_id,
  pushToken: row.push_token,
  createdAt: row.created_at,
});

const jobOf = (row: JobRow): PushJob => ({
  cardId: row.card_id,
  merchantId: row.merchant_id,
  generation: row.generation,
  attempts: row.attempts,
});

/** The SQLite WalletStore, on the connection the Store uses. */
export class SqliteWalletStore implements WalletStore {
  readonly #db: Database.Database;
  readonly #context: SqliteContext;

  readonly #newestMessage: Database.Statement<
    [string],
    { id: string; message: string; queued_at: number }
  >;

  readonly #pushTargets: Database.Statement<[string], PushTargetRow>;
  readonly #completeJobs: Database.Statement<[string], { card_id: string }>;
  readonly #campaignsPushed: Database.Statement<[string]>;

  constructor(context: SqliteContext) {
    this.#db = context.client;
    this.#context = context;
    this.#newestMessage = context.client.prepare(NEWEST_MESSAGE("?"));
    this.#pushTargets = context.client.prepare(PUSH_TARGETS("SELECT value FROM json_each(?)"));
    // A round's done jobs, [[card, generation], …]: those a newer change overtook stay.
    this.#completeJobs = context.client.prepare(
      `DELETE FROM wallet_push_jobs WHERE (card_id, generation) IN
         (SELECT value ->> 0, value ->> 1 FROM json_each(?)) RETURNING card_id`,
    );
    // [[card, pushed_at or null, failures, at], …]
    this.#campaignsPushed = context.client.prepare(
      CAMPAIGN_PUSHED(
        "SELECT value ->> 0 AS card_id, value ->> 1 AS pushed_at, value ->> 2 AS failures, value ->> 3 AS at FROM json_each(?)",
      ),
    );
  }

  async findCard(cardId: string): Promise<PublicCard | null> {
    const row = this.#db
      .prepare<[string], CardRow>(
        `SELECT c.id, c.merchant_id, m.name AS merchant_name, ${BUSINESS_COLUMNS}, c.code, c.number,
                c.state, p.body AS program, c.updated_at, ${vouchersJsonOf("c.id")} AS vouchers
         FROM cards c JOIN merchants m ON m.id = c.merchant_id JOIN programs p ON p.id = c.program_id
         WHERE c.id = ?`,
      )
      .get(cardId);
    if (!row) return null;
    const program = JSON.parse(row.program) as Program;
    return {
      id: row.id,
      merchantId: row.merchant_id,
      merchantName: row.merchant_name,
      business: businessOf(row),
      code: row.code,
      number: row.number,
      state: decodeCardState(row.state, JSON.parse(row.vouchers), {
        cardId: row.id,
        programId: program.id,
        merchantId: row.merchant_id,
      }),
      program,
      updatedAt: row.updated_at,
    };
  }

  async findProgramBySlug(slug: string): Promise<JoinProgram | null> {
    return this.#program("slug", slug);
  }

  async findProgram(programId: string): Promise<JoinProgram | null> {
    return this.#program("id", programId);
  }

  #program(column: "slug" | "id", value: string): JoinProgram | null {
    const row = this.#db
      .prepare<[string], BusinessColumns & { body: string; slug: string; merchant_name: string }>(
        `SELECT p.body, p.slug, m.name AS merchant_name, ${BUSINESS_COLUMNS}
         FROM programs p JOIN merchants m ON m.id = p.merchant_id WHERE p.${column} = ?`,
      )
      .get(value);
    return row
      ? {
          program: JSON.parse(row.body) as Program,
          slug: row.slug,
          merchantName: row.merchant_name,
          business: businessOf(row),
        }
      : null;
  }

  async getPass(cardId: string): Promise<PassRecord | null> {
    const row = this.#db
      .prepare<[string], PassRow>(
        `SELECT p.*, c.pass_updated_at AS updated_at, c.pass_seq AS update_seq
         FROM wallet_passes p JOIN cards c ON c.id = p.card_id WHERE p.card_id = ?`,
      )
      .get(cardId);
    return row
      ? {
          cardId: row.card_id,
          merchantId: row.merchant_id,
          authToken: row.auth_token,
          updatedAt: row.updated_at,
          updateSeq: row.update_seq,
          googleObject: row.google_object === 1,
          googleNotice: row.google_notice,
          updatesLostAt: row.updates_lost_at,
          fetchedAt: row.fetched_at,
          fetchedSeq: row.fetched_seq,
          googleUsers: row.google_users === null ? null : row.google_users === 1,
          googleLostAt: row.google_lost_at,
          message: passMessageOf(this.#newestMessage.get(cardId)),
        }
      : null;
  }

  async placedLocations(merchantId: string): Promise<PlacedLocation[]> {
    return this.#db
      .prepare<[string], PlacedLocation>(
        `SELECT id, name, latitude, longitude, relevant_text AS relevantText FROM locations
         WHERE merchant_id = ? AND latitude IS NOT NULL AND longitude IS NOT NULL
         ORDER BY created_at`,
      )
      .all(merchantId);
  }

  async setLocationReminder(
    merchantId: string,
    locationId: string,
    { coordinates, relevantText }: LocationReminder,
    now: number,
  ): Promise<boolean> {
    return this.#context.write(() => {
      const result = this.#db
        .prepare(
          `UPDATE locations SET latitude = ?, longitude = ?, relevant_text = ?
           WHERE id = ? AND merchant_id = ? AND removed_at IS NULL`,
        )
        .run(
          coordinates?.latitude ?? null,
          coordinates?.longitude ?? null,
          relevantText,
          locationId,
          merchantId,
        );
      if (result.changes !== 1) return false;
      this.#context.log.passesChanged(merchantId, null, null, now);
      return true;
    });
  }

  async reissuePasses(merchantId: string, now: number): Promise<void> {
    this.#context.write(() => this.#context.log.passesChanged(merchantId, null, null, now));
  }

  async markGoogleObject(cardId: string): Promise<void> {
    this.#db
      .prepare(
        "UPDATE wallet_passes SET google_object = 1, google_users = NULL, google_lost_at = NULL WHERE card_id = ?",
      )
      .run(cardId);
  }

  async noteGoogleObject(cardId: string, seen: GoogleObjectSeen, at: number): Promise<boolean> {
    const { sql } = googleObjectUpdate(seen, "@card", "@at");
    return this.#db.prepare(sql).run({ card: cardId, at }).changes === 1;
  }

  async markGoogleNotice(cardId: string, noticeId: string): Promise<void> {
    this.#db
      .prepare("UPDATE wallet_passes SET google_notice = ? WHERE card_id = ?")
      .run(noticeId, cardId);
  }

  async register(registration: Registration): Promise<"created" | "existing"> {
    const write = this.#db.transaction((r: Registration): "created" | "existing" => {
      const updated = this.#db
        .prepare(
          `UPDATE wallet_registrations SET push_token = ?
           WHERE device_library_id = ? AND pass_type_id = ? AND card_id = ?`,
        )
        .run(r.pushToken, r.deviceLibraryId, r.passTypeId, r.cardId);
      this.#db.prepare(PASS_REGISTERED("@card", "@at")).run({ card: r.cardId, at: r.createdAt });
      if (updated.changes === 1) return "existing";
      this.#db
        .prepare(
          `INSERT INTO wallet_registrations
             (device_library_id, pass_type_id, card_id, push_token, created_at)
           VALUES (?, ?, ?, ?, ?)`,
        )
        .run(r.deviceLibraryId, r.passTypeId, r.cardId, r.pushToken, r.createdAt);
      this.#db
        .prepare(
          `DELETE FROM wallet_registrations WHERE card_id = ? AND rowid NOT IN (
             SELECT rowid FROM wallet_registrations WHERE card_id = ?
             ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
        )
        .run(r.cardId, r.cardId, MAX_REGISTRATIONS_PER_PASS);
      return "created";
    });
    return write.immediate(registration);
  }

  async unregister(deviceLibraryId: string, passTypeId: string, cardId: string): Promise<boolean> {
    const result = this.#db
      .prepare(
        `DELETE FROM wallet_registrations
         WHERE device_library_id = ? AND pass_type_id = ? AND card_id = ?`,
      )
      .run(deviceLibraryId, passTypeId, cardId);
    return result.changes === 1;
  }

  async markUpdatesLost(cardId: string, at: number): Promise<boolean> {
    const result = this.#db
      .prepare(
        `UPDATE wallet_passes SET updates_lost_at = ?
         WHERE card_id = ? AND updates_lost_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM wallet_registrations WHERE card_id = ?)`,
      )
      .run(at, cardId, cardId);
    return result.changes === 1;
  }

  async markPassFetched(cardId: string, updateSeq: number, at: number): Promise<void> {
    this.#db
      .prepare(PASS_FETCHED("@card", "@seq", "@at"))
      .run({ card: cardId, seq: updateSeq, at });
  }

  async registeredPasses(deviceLibraryId: string, passTypeId: string): Promise<PassVersion[]> {
    return this.#db
      .prepare<[string, string], PassVersion>(
        `SELECT c.id AS cardId, c.merchant_id AS merchantId, c.pass_seq AS updateSeq
         FROM wallet_registrations r JOIN cards c ON c.id = r.card_id
         WHERE r.device_library_id = ? AND r.pass_type_id = ? AND c.pass_seq IS NOT NULL
         ORDER BY c.pass_seq`,
      )
      .all(deviceLibraryId, passTypeId);
  }

  async registrationsOf(cardId: string): Promise<Registration[]> {
    return this.#db
      .prepare<[string], RegistrationRow>(
        "SELECT * FROM wallet_registrations WHERE card_id = ? ORDER BY created_at",
      )
      .all(cardId)
      .map(registrationOf);
  }

  async claimPushJobs(now: number, leaseMs: number, limit: number): Promise<PushJob[]> {
    // One statement: with several server processes, a job goes to whoever's UPDATE wins the lease.
    return this.#db
      .prepare<[number, number, number, number, number], JobRow>(
        `UPDATE wallet_push_jobs SET locked_until = ?, attempts = attempts + 1
         WHERE status = 'pending' AND locked_until < ? AND card_id IN (
           SELECT card_id FROM wallet_push_jobs
           WHERE status = 'pending' AND due_at <= ? AND locked_until < ?
           ORDER BY due_at LIMIT ?)
         RETURNING *`,
      )
      .all(now + leaseMs, now, now, now, limit)
      .map(jobOf);
  }

  async pushTargets(cardIds: readonly string[]): Promise<PushTarget[]> {
    return pushTargetsOf(this.#pushTargets.all(JSON.stringify(cardIds)));
  }

  async completePushJob(job: PushJob): Promise<void> {
    this.#complete(job);
  }

  #complete(job: PushJob): void {
    const done = this.#db
      .prepare("DELETE FROM wallet_push_jobs WHERE card_id = ? AND generation = ?")
      .run(job.cardId, job.generation);
    if (done.changes === 0) this.#restart(job);
  }

  /** The card changed while its job was out: the newer version goes out at once, with fresh attempts. */
  #restart(job: PushJob): void {
    this.#db
      .prepare(
        "UPDATE wallet_push_jobs SET attempts = 0, locked_until = 0, last_error = NULL WHERE card_id = ?",
      )
      .run(job.cardId);
  }

  async retryPushJob(job: PushJob, dueAt: number, error: string): Promise<void> {
    this.#retry(job, dueAt, error);
  }

  #retry(job: PushJob, dueAt: number, error: string): void {
    this.#db
      .prepare(
        "UPDATE wallet_push_jobs SET due_at = ?, locked_until = 0, last_error = ? WHERE card_id = ?",
      )
      .run(dueAt, error, job.cardId);
  }

  async failPushJob(job: PushJob, error: string): Promise<void> {
    this.#fail(job, error);
  }

  #fail(job: PushJob, error: string): void {
    const failed = this.#db
      .prepare(
        `UPDATE wallet_push_jobs SET status = 'failed', locked_until = 0, last_error = ?
         WHERE card_id = ? AND generation = ?`,
      )
      .run(error, job.cardId, job.generation);
    if (failed.changes === 0) this.#restart(job);
  }

  async finishPushJobs(finished: readonly FinishedPush[]): Promise<void> {
    const done = finished.filter(({ outcome }) => outcome.kind === "done").map(({ job }) => job);
    const pushed = finished
      .filter(({ reached, failures }) => reached || failures > 0)
      .map(({ job, reached, failures, at }) => [job.cardId, reached ? at : null, failures, at]);
    this.#context.write(() => {
      const completed = new Set(
        this.#completeJobs
          .all(JSON.stringify(done.map((job) => [job.cardId, job.generation])))
          .map((row) => row.card_id),
      );
      for (const job of done) if (!completed.has(job.cardId)) this.#restart(job);
      for (const { job, outcome } of finished) {
        switch (outcome.kind) {
          case "done":
            break;
          case "retry":
            this.#retry(job, outcome.dueAt, outcome.error);
            break;
          case "failed":
            this.#fail(job, outcome.error);
            break;
          default: {
            const unreachable: never = outcome;
            throw new Error(`unknown push outcome ${JSON.stringify(unreachable)}`);
          }
        }
      }
      if (pushed.length > 0) this.#campaignsPushed.run(JSON.stringify(pushed));
    });
  }

  async countPushJobs(): Promise<{ pending: number; failed: number }> {
    const row = this.#db
      .prepare<[], { pending: number; failed: number }>(
        "SELECT count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE status = 'failed') AS failed FROM wallet_push_jobs",
      )
      .get();
    return { pending: row?.pending ?? 0, failed: row?.failed ?? 0 };
  }

  async pushJob(cardId: string): Promise<PushJobRecord | null> {
    const row = this.#db
      .prepare<[string], JobRow>("SELECT * FROM wallet_push_jobs WHERE card_id = ?")
      .get(cardId);
    return row
      ? { ...jobOf(row), status: row.status, dueAt: row.due_at, lastError: row.last_error }
      : null;
  }
}
