import { type Program, withRewardHistory } from "@stamp/core";
import type Database from "better-sqlite3";
import { and, asc, count, desc, eq, getTableColumns, gt, gte, isNull, sql } from "drizzle-orm";
import { decodeCardState, encodeCardState } from "./card-state-json";
import * as t from "./schema";
import { vouchersJsonOf } from "./sqlite/card-vouchers";
import { EventLog } from "./sqlite/event-log";
import { GroupCommit } from "./sqlite/group-commit";
import { type Db, openDatabase } from "./sqlite/open-database";
import type {
  AdminUserRecord,
  Answer,
  ApiKeyRecord,
  AppendBatch,
  AppendOutcome,
  CardRecord,
  DeviceRecord,
  DeviceSync,
  EventPage,
  IdempotencyKey,
  LocationRecord,
  LoggedEvent,
  MerchantRecord,
  MerchantSetup,
  MerchantStats,
  NewCard,
  NewDevice,
  PairedDevice,
  PairingClaim,
  PairingCodeRecord,
  ProgramRecord,
  ReceiptClaim,
  ReceiptRecord,
  Respond,
  SessionRecord,
  StaffPinHash,
  StampEventBatch,
  Store,
  StoredResponse,
  VoucherRef,
} from "./store";

/** Kept answers outlive any sane client retry, then make room. */
const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/** Thrown inside a transaction to undo it while still answering the request. */
class Rollback {
  constructor(readonly response: StoredResponse) {}
}

type LocationRow = typeof t.locations.$inferSelect;
type DeviceRow = typeof t.devices.$inferSelect;
/** A card row with its vouchers as a JSON array. */
type CardRow = typeof t.cards.$inferSelect & { vouchers: string };

const CARD_COLUMNS = {
  ...getTableColumns(t.cards),
  vouchers: sql<string>`${sql.raw(vouchersJsonOf('"cards"."id"'))}`,
};
type ReceiptRow = typeof t.receipts.$inferSelect;

function locationOf(row: LocationRow): LocationRecord {
  return {
    id: row.id,
    merchantId: row.merchantId,
    name: row.name,
    staffPin: {
      salt: row.staffPinSalt,
      iterations: row.staffPinIterations,
      hash: row.staffPinHash,
    },
    createdAt: row.createdAt,
  };
}

function deviceOf(row: DeviceRow): DeviceRecord {
  return { ...row };
}

function cardOf(row: CardRow): CardRecord {
  return {
    id: row.id,
    merchantId: row.merchantId,
    programId: row.programId,
    code: row.code,
    profile: row.profile === null ? null : (JSON.parse(row.profile) as Record<string, string>),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    state: decodeCardState(row.state, JSON.parse(row.vouchers)),
  };
}

function receiptOf(row: ReceiptRow): ReceiptRecord {
  return {
    id: row.id,
    merchantId: row.merchantId,
    programId: row.programId,
    tokenHash: row.tokenHash,
    count: row.count,
    amount: row.amount,
    currency: row.currency,
    orderRef: row.orderRef,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    claimedAt: row.claimedAt,
    cardId: row.cardId,
  };
}

function cardRowOf(card: NewCard): typeof t.cards.$inferInsert {
  return {
    id: card.id,
    merchantId: card.merchantId,
    programId: card.programId,
    code: card.code,
    profile: card.profile === null ? null : JSON.stringify(card.profile),
    createdAt: card.createdAt,
    state: encodeCardState(card.state),
    stamps: card.state.stamps,
    cycles: card.state.cycles,
    lastHlc: card.state.lastHlc,
    conflicts: card.state.conflicts.length,
    updatedAt: card.createdAt,
  };
}

/**
 * The SQLite implementation of Store (better-sqlite3 is synchronous; the async surface is for the
 * drivers to come). Writes run in IMMEDIATE transactions so a second process (the CLI) queues on
 * busy_timeout instead of failing mid-transaction.
 */
export class SqliteStore implements Store {
  readonly #db: Db;
  readonly #log: EventLog;
  readonly #syncedDevice: Database.Statement<[DeviceSync]>;
  readonly #syncs: GroupCommit;

  /** `syncsArriving`: how many sync requests are still being read, for the group commit. */
  constructor(file: string, syncsArriving?: () => number) {
    this.#db = openDatabase(file);
    this.#log = new EventLog(this.#db.$client);
    this.#syncs = new GroupCommit(this.#db.$client, syncsArriving);
    // On the ingest path, so a prepared statement rather than the query builder.
    this.#syncedDevice = this.#db.$client.prepare(
      "UPDATE devices SET last_sync_at = @now, last_skew_ms = coalesce(@skewMs, last_skew_ms) WHERE id = @deviceId",
    );
  }

  #write<T>(work: () => T): T {
    return this.#db.$client.transaction(work).immediate();
  }

  async close(): Promise<void> {
    this.#syncs.drain();
    this.#db.$client.close();
  }

  /** Tables of record and their rows, for tests that prove a bad request changed nothing. */
  dump(tables: readonly string[]): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = {};
    for (const table of tables) {
      if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table name ${table}`);
      out[table] = this.#db.$client.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
    }
    return out;
  }

  // Merchants, locations, programs

  async isEmpty(): Promise<boolean> {
    return this.#db.select({ id: t.merchants.id }).from(t.merchants).limit(1).all().length === 0;
  }

  async createMerchant(setup: MerchantSetup): Promise<void> {
    this.#write(() => {
      this.#db.insert(t.merchants).values(setup.merchant).run();
      this.#insertLocation(setup.location);
      this.#insertProgram(setup.program);
      this.#db.insert(t.devices).values(setup.serverDevice).run();
    });
  }

  async getMerchant(merchantId: string): Promise<MerchantRecord | null> {
    return this.#db.select().from(t.merchants).where(eq(t.merchants.id, merchantId)).get() ?? null;
  }

  async listLocations(merchantId: string): Promise<LocationRecord[]> {
    return this.#db
      .select()
      .from(t.locations)
      .where(eq(t.locations.merchantId, merchantId))
      .orderBy(asc(t.locations.createdAt))
      .all()
      .map(locationOf);
  }

  async getLocation(merchantId: string, locationId: string): Promise<LocationRecord | null> {
    const row = this.#db
      .select()
      .from(t.locations)
      .where(and(eq(t.locations.id, locationId), eq(t.locations.merchantId, merchantId)))
      .get();
    return row ? locationOf(row) : null;
  }

  async findLocation(locationId: string): Promise<LocationRecord | null> {
    const row = this.#db.select().from(t.locations).where(eq(t.locations.id, locationId)).get();
    return row ? locationOf(row) : null;
  }

  async createLocation(location: LocationRecord): Promise<void> {
    this.#insertLocation(location);
  }

  #insertLocation(location: LocationRecord): void {
    this.#db
      .insert(t.locations)
      .values({
        id: location.id,
        merchantId: location.merchantId,
        name: location.name,
        staffPinSalt: location.staffPin.salt,
        staffPinIterations: location.staffPin.iterations,
        staffPinHash: location.staffPin.hash,
        createdAt: location.createdAt,
      })
      .run();
  }

  async setStaffPin(merchantId: string, locationId: string, pin: StaffPinHash): Promise<boolean> {
    const result = this.#db
      .update(t.locations)
      .set({ staffPinSalt: pin.salt, staffPinIterations: pin.iterations, staffPinHash: pin.hash })
      .where(and(eq(t.locations.id, locationId), eq(t.locations.merchantId, merchantId)))
      .run();
    return result.changes === 1;
  }

  async listPrograms(merchantId: string): Promise<ProgramRecord[]> {
    return this.#db
      .select()
      .from(t.programs)
      .where(eq(t.programs.merchantId, merchantId))
      .orderBy(asc(t.programs.createdAt))
      .all()
      .map(programOf);
  }

  async getProgram(merchantId: string, programId: string): Promise<ProgramRecord | null> {
    const row = this.#db
      .select()
      .from(t.programs)
      .where(and(eq(t.programs.id, programId), eq(t.programs.merchantId, merchantId)))
      .get();
    return row ? programOf(row) : null;
  }

  async slugTaken(slug: string): Promise<boolean> {
    return this.#db.select().from(t.programs).where(eq(t.programs.slug, slug)).get() !== undefined;
  }

  async createProgram(record: ProgramRecord): Promise<void> {
    this.#insertProgram(record);
  }

  #insertProgram(record: ProgramRecord): void {
    this.#db
      .insert(t.programs)
      .values({
        id: record.program.id,
        merchantId: record.program.merchantId,
        slug: record.slug,
        version: record.program.version,
        body: JSON.stringify(record.program),
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
      })
      .run();
  }

  async updateProgram(edited: Program, expectedVersion: number, now: number): Promise<boolean> {
    return this.#write(() => {
      const where = and(
        eq(t.programs.id, edited.id),
        eq(t.programs.merchantId, edited.merchantId),
        eq(t.programs.version, expectedVersion),
      );
      const before = this.#db.select({ body: t.programs.body }).from(t.programs).where(where).get();
      if (!before) return false;
      const previous = JSON.parse(before.body) as Program;
      const program = withRewardHistory(previous, edited);
      this.#db
        .update(t.programs)
        .set({ version: program.version, body: JSON.stringify(program), updatedAt: now })
        .where(where)
        .run();
      // Only the goal is folded into card states: earned vouchers keep their terms (SPEC T3).
      if (previous.goal !== program.goal) this.#log.refoldProgram(program, now);
      return true;
    });
  }

  // Devices and pairing

  async createPairingCode(code: PairingCodeRecord): Promise<void> {
    this.#db.insert(t.pairingCodes).values(code).run();
  }

  async claimPairingCode(code: string, device: PairedDevice): Promise<PairingClaim> {
    return this.#write((): PairingClaim => {
      const claimed = this.#db
        .update(t.pairingCodes)
        .set({ usedAt: device.createdAt, deviceId: device.id })
        .where(
          and(
            eq(t.pairingCodes.code, code),
            isNull(t.pairingCodes.usedAt),
            gt(t.pairingCodes.expiresAt, device.createdAt),
          ),
        )
        .returning()
        .get();
      if (!claimed) {
        const row = this.#db
          .select()
          .from(t.pairingCodes)
          .where(eq(t.pairingCodes.code, code))
          .get();
        if (!row) return { ok: false, reason: "unknown" };
        return { ok: false, reason: row.usedAt === null ? "expired" : "used" };
      }
      const scoped: NewDevice = {
        ...device,
        merchantId: claimed.merchantId,
        locationId: claimed.locationId,
        kind: "client",
      };
      this.#db.insert(t.devices).values(scoped).run();
      return {
        ok: true,
        device: { ...scoped, revokedAt: null, lastSyncAt: null, lastSkewMs: null },
      };
    });
  }

  async getDevice(deviceId: string): Promise<DeviceRecord | null> {
    const row = this.#db.select().from(t.devices).where(eq(t.devices.id, deviceId)).get();
    return row ? deviceOf(row) : null;
  }

  async getServerDevice(merchantId: string): Promise<DeviceRecord> {
    const row = this.#db
      .select()
      .from(t.devices)
      .where(and(eq(t.devices.merchantId, merchantId), eq(t.devices.kind, "server")))
      .get();
    if (!row) throw new Error(`merchant ${merchantId} has no server device`);
    return deviceOf(row);
  }

  async listDevices(merchantId: string): Promise<DeviceRecord[]> {
    return this.#db
      .select()
      .from(t.devices)
      .where(and(eq(t.devices.merchantId, merchantId), eq(t.devices.kind, "client")))
      .orderBy(desc(t.devices.createdAt))
      .all()
      .map(deviceOf);
  }

  async revokeDevice(merchantId: string, deviceId: string, now: number): Promise<boolean> {
    const result = this.#db
      .update(t.devices)
      .set({ revokedAt: now })
      .where(
        and(
          eq(t.devices.id, deviceId),
          eq(t.devices.merchantId, merchantId),
          eq(t.devices.kind, "client"),
          isNull(t.devices.revokedAt),
        ),
      )
      .run();
    return result.changes === 1;
  }

  recordSync(sync: DeviceSync, batch: AppendBatch | null): Promise<AppendOutcome[]> {
    return this.#syncs.run(() => {
      this.#syncedDevice.run(sync);
      return batch ? this.#log.append(batch) : [];
    });
  }

  // Cards and the event log

  async createCard(
    card: NewCard,
    enrolled: StampEventBatch,
    respond: Respond<AppendOutcome>,
    idempotency?: IdempotencyKey,
  ): Promise<Answer> {
    return this.#answer(enrolled.merchantId, enrolled.now, idempotency, () => {
      this.#db.insert(t.cards).values(cardRowOf(card)).run();
      const outcome = this.#log.append(enrolled)[0] as AppendOutcome;
      return { response: respond(outcome), commit: outcome.status === "accepted" };
    });
  }

  async getCard(merchantId: string, cardId: string): Promise<CardRecord | null> {
    const row = this.#db
      .select(CARD_COLUMNS)
      .from(t.cards)
      .where(and(eq(t.cards.id, cardId), eq(t.cards.merchantId, merchantId)))
      .get();
    return row ? cardOf(row) : null;
  }

  async findVoucherCode(merchantId: string, code: string, limit: number): Promise<VoucherRef[]> {
    return this.#db
      .select({ cardId: t.cardVouchers.cardId, cycle: t.cardVouchers.cycle })
      .from(t.cardVouchers)
      .innerJoin(t.cards, eq(t.cards.id, t.cardVouchers.cardId))
      .where(and(eq(t.cardVouchers.code, code), eq(t.cards.merchantId, merchantId)))
      .orderBy(asc(t.cardVouchers.cardId), asc(t.cardVouchers.cycle))
      .limit(limit)
      .all();
  }

  async cardHistory(merchantId: string, cardId: string): Promise<LoggedEvent[]> {
    return this.#log.history(merchantId, cardId);
  }

  async listConflictCards(merchantId: string, limit: number): Promise<CardRecord[]> {
    return this.#db
      .select(CARD_COLUMNS)
      .from(t.cards)
      .where(and(eq(t.cards.merchantId, merchantId), gt(t.cards.conflicts, 0)))
      .orderBy(desc(t.cards.updatedAt))
      .limit(limit)
      .all()
      .map(cardOf);
  }

  async listRecentCards(merchantId: string, limit: number): Promise<CardRecord[]> {
    return this.#db
      .select(CARD_COLUMNS)
      .from(t.cards)
      .where(eq(t.cards.merchantId, merchantId))
      .orderBy(desc(t.cards.updatedAt))
      .limit(limit)
      .all()
      .map(cardOf);
  }

  async merchantStats(merchantId: string, sinceMs: number): Promise<MerchantStats> {
    const one = (query: { get(): { n: number | null } | undefined }) => query.get()?.n ?? 0;
    return {
      cards: one(
        this.#db.select({ n: count() }).from(t.cards).where(eq(t.cards.merchantId, merchantId)),
      ),
      eventsSince: one(
        this.#db
          .select({ n: count() })
          .from(t.events)
          .where(and(eq(t.events.merchantId, merchantId), gte(t.events.receivedAt, sinceMs))),
      ),
      stampsSince: one(
        this.#db
          .select({ n: sql<number>`sum(json_extract(${t.events.body}, '$.count'))` })
          .from(t.events)
          .where(
            and(
              eq(t.events.merchantId, merchantId),
              gte(t.events.receivedAt, sinceMs),
              eq(t.events.type, "stamps.added"),
            ),
          ),
      ),
      cardsWithConflicts: one(
        this.#db
          .select({ n: count() })
          .from(t.cards)
          .where(and(eq(t.cards.merchantId, merchantId), gt(t.cards.conflicts, 0))),
      ),
      activeDevices: one(
        this.#db
          .select({ n: count() })
          .from(t.devices)
          .where(
            and(
              eq(t.devices.merchantId, merchantId),
              eq(t.devices.kind, "client"),
              isNull(t.devices.revokedAt),
            ),
          ),
      ),
    };
  }

  async appendEvents(batch: AppendBatch): Promise<AppendOutcome[]> {
    return this.#write(() => this.#log.append(batch));
  }

  async appendServerEvent(
    append: StampEventBatch,
    respond: Respond<AppendOutcome>,
    idempotency?: IdempotencyKey,
  ): Promise<Answer> {
    return this.#answer(append.merchantId, append.now, idempotency, () => {
      const outcome = this.#log.append(append)[0] as AppendOutcome;
      return { response: respond(outcome), commit: true };
    });
  }

  async eventsAfter(
    merchantId: string,
    deviceId: string,
    cursor: number,
    limit: number,
  ): Promise<EventPage> {
    // One read transaction: the page and the end of the log are read from the same snapshot.
    return this.#db.$client.transaction(() =>
      this.#log.page(merchantId, deviceId, cursor, limit),
    )();
  }

  async maxSeq(merchantId: string): Promise<number> {
    return this.#log.maxSeq(merchantId);
  }

  async latestHlc(): Promise<string | null> {
    return this.#log.latestHlc();
  }

  /**
   * Runs an API write under an optional Idempotency-Key: a retry with the same body gets the first
   * answer, another body under the same key is refused, and the kept answer commits with the write.
   */
  #answer(
    merchantId: string,
    now: number,
    idempotency: IdempotencyKey | undefined,
    work: () => { response: StoredResponse; commit: boolean },
  ): Answer {
    try {
      return this.#write((): Answer => {
        if (idempotency) {
          const kept = this.#db
            .select()
            .from(t.idempotencyKeys)
            .where(
              and(
                eq(t.idempotencyKeys.merchantId, merchantId),
                eq(t.idempotencyKeys.key, idempotency.key),
                gt(t.idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS),
              ),
            )
            .get();
          if (kept) {
            if (kept.requestHash !== idempotency.requestHash) return { kind: "key-reused" };
            return { kind: "answer", response: { status: kept.status, body: kept.response } };
          }
        }
        const { response, commit } = work();
        if (!commit) throw new Rollback(response);
        if (idempotency && response.status < 300) {
          const row = {
            merchantId,
            key: idempotency.key,
            requestHash: idempotency.requestHash,
            status: response.status,
            response: response.body,
            createdAt: now,
          };
          this.#db
            .insert(t.idempotencyKeys)
            .values(row)
            .onConflictDoUpdate({
              target: [t.idempotencyKeys.merchantId, t.idempotencyKeys.key],
              set: row,
            })
            .run();
        }
        return { kind: "answer", response };
      });
    } catch (error) {
      if (error instanceof Rollback) return { kind: "answer", response: error.response };
      throw error;
    }
  }

  /** Forgets kept answers older than a day (run at start; expired ones are ignored meanwhile). */
  async purgeIdempotencyKeys(now: number): Promise<void> {
    this.#db
      .delete(t.idempotencyKeys)
      .where(sql`${t.idempotencyKeys.createdAt} <= ${now - IDEMPOTENCY_TTL_MS}`)
      .run();
  }

  // POS / API

  async createApiKey(key: ApiKeyRecord): Promise<void> {
    this.#db.insert(t.apiKeys).values(key).run();
  }

  async listApiKeys(merchantId: string): Promise<ApiKeyRecord[]> {
    return this.#db
      .select()
      .from(t.apiKeys)
      .where(eq(t.apiKeys.merchantId, merchantId))
      .orderBy(desc(t.apiKeys.createdAt))
      .all();
  }

  async findApiKey(hash: string): Promise<ApiKeyRecord | null> {
    return this.#db.select().from(t.apiKeys).where(eq(t.apiKeys.hash, hash)).get() ?? null;
  }

  async revokeApiKey(merchantId: string, keyId: string, now: number): Promise<boolean> {
    const result = this.#db
      .update(t.apiKeys)
      .set({ revokedAt: now })
      .where(
        and(
          eq(t.apiKeys.id, keyId),
          eq(t.apiKeys.merchantId, merchantId),
          isNull(t.apiKeys.revokedAt),
        ),
      )
      .run();
    return result.changes === 1;
  }

  async createReceipt(
    receipt: ReceiptRecord,
    respond: Respond<ReceiptRecord>,
    idempotency?: IdempotencyKey,
  ): Promise<Answer> {
    return this.#answer(receipt.merchantId, receipt.createdAt, idempotency, () => {
      this.#db
        .insert(t.receipts)
        .values({ ...receipt, eventId: null })
        .run();
      return { response: respond(receipt), commit: true };
    });
  }

  async findReceipt(tokenHash: string): Promise<ReceiptRecord | null> {
    const row = this.#db.select().from(t.receipts).where(eq(t.receipts.tokenHash, tokenHash)).get();
    return row ? receiptOf(row) : null;
  }

  async claimReceipt(receiptId: string, append: StampEventBatch): Promise<ReceiptClaim> {
    const event = append.events[0];
    const claim = (): ReceiptClaim => {
      const claimed = this.#db
        .update(t.receipts)
        .set({ claimedAt: append.now, cardId: event.cardId, eventId: event.id })
        .where(
          and(
            eq(t.receipts.id, receiptId),
            eq(t.receipts.merchantId, append.merchantId),
            isNull(t.receipts.claimedAt),
            gt(t.receipts.expiresAt, append.now),
          ),
        )
        .run();
      if (claimed.changes === 0) {
        const row = this.#db.select().from(t.receipts).where(eq(t.receipts.id, receiptId)).get();
        return { ok: false, reason: row?.claimedAt == null ? "expired" : "used" };
      }
      const outcome = this.#log.append(append)[0] as AppendOutcome;
      if (outcome.status !== "accepted") throw new RejectedClaim(outcome);
      return { ok: true, outcome };
    };
    try {
      return this.#write(claim);
    } catch (error) {
      // The stamp was refused (a blocked card, a limit): the receipt stays unclaimed.
      if (error instanceof RejectedClaim) return { ok: true, outcome: error.outcome };
      throw error;
    }
  }

  // Admin accounts

  async createAdmin(user: AdminUserRecord): Promise<void> {
    this.#db.insert(t.adminUsers).values(user).run();
  }

  async setAdminPassword(email: string, passwordHash: string): Promise<boolean> {
    return this.#write(() => {
      const user = this.#db.select().from(t.adminUsers).where(eq(t.adminUsers.email, email)).get();
      if (!user) return false;
      this.#db.update(t.adminUsers).set({ passwordHash }).where(eq(t.adminUsers.id, user.id)).run();
      // A new password ends every open session of that account.
      this.#db.delete(t.adminSessions).where(eq(t.adminSessions.userId, user.id)).run();
      return true;
    });
  }

  async findAdminByEmail(email: string): Promise<AdminUserRecord | null> {
    return this.#db.select().from(t.adminUsers).where(eq(t.adminUsers.email, email)).get() ?? null;
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.#db.insert(t.adminSessions).values(session).run();
  }

  async findSession(
    id: string,
    now: number,
  ): Promise<(SessionRecord & { user: AdminUserRecord }) | null> {
    const row = this.#db
      .select()
      .from(t.adminSessions)
      .innerJoin(t.adminUsers, eq(t.adminSessions.userId, t.adminUsers.id))
      .where(and(eq(t.adminSessions.id, id), gt(t.adminSessions.expiresAt, now)))
      .get();
    return row ? { ...row.admin_sessions, user: row.admin_users } : null;
  }

  async deleteSession(id: string): Promise<void> {
    this.#db.delete(t.adminSessions).where(eq(t.adminSessions.id, id)).run();
  }
}

class RejectedClaim {
  constructor(readonly outcome: AppendOutcome) {}
}

function programOf(row: typeof t.programs.$inferSelect): ProgramRecord {
  return {
    program: JSON.parse(row.body) as Program,
    slug: row.slug,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
