import type { CardState, PlacedStamp, Program, StampEvent } from "@stamp/core";
import type { StaffPinHash, StaffSignIn, SyncScope } from "@stamp/wire-protocol";
import type { AdminRole } from "../admin/admin-role";
import type { RateLimiter } from "../http/rate-limiter";
import type { Locale } from "../i18n/locales";
import type { Rejection } from "../sync/rejection";
import type { AuditStore } from "./audit-store";
import type { AutomationStore } from "./automation-store";
import type { CampaignStore } from "./campaign-store";
import type { WorkedLocations } from "./card-within";
import type { CompactStore } from "./compact-store";
import type { CustomerStore } from "./customer-store";
import type { ExportStore } from "./export-store";
import type { FraudStore } from "./fraud-store";
import type { InsightStore } from "./insight-store";
import type { LogoStore } from "./logo-store";
import type { RegionStore } from "./region-store";
import type { RollupRebuildStore } from "./rollup-rebuild-store";
import type { StaffStore } from "./staff-store";
import type { SyncPlaceStore } from "./sync-place";
import type { TeamStore } from "./team-store";
import type { ViewTailStore } from "./view-tail-store";
import type { WebhookStore } from "./webhook-store";

/**
 * Everything the server keeps, behind one async contract with one implementation per database
 * (`sqlite/`, `pg/`), split by resource. Routes and services never see SQL. Every read and write
 * that touches tenant data takes the merchant id and is scoped by it. The contract suite
 * (`contract/`) runs unchanged against every adapter: a behaviour routes rely on is tested there.
 */
export type Store = MerchantStore &
  DeviceStore &
  CardStore &
  PosStore &
  AdminStore &
  TeamStore &
  StaffStore &
  AuditStore &
  CustomerStore &
  ExportStore &
  WebhookStore &
  CampaignStore &
  LogoStore &
  AutomationStore &
  InsightStore &
  RollupRebuildStore &
  RegionStore &
  FraudStore &
  CompactStore &
  ViewTailStore &
  SyncPlaceStore;

export interface MerchantStore {
  isEmpty(): Promise<boolean>;
  /** Every merchant's id, oldest first: for the server's own rounds over all of them (expiry). */
  listMerchantIds(): Promise<string[]>;
  createMerchant(setup: MerchantSetup): Promise<void>;
  getMerchant(merchantId: string): Promise<MerchantRecord | null>;
  /** How customers reach the business; null when there is no such merchant. */
  getBusinessDetails(merchantId: string): Promise<BusinessDetails | null>;
  /**
   * Saves the business details; false when there is no such merchant. They are on every pass of
   * the merchant: a change gives each a new version (and a push where a wallet listens) in the
   * same transaction; saving the same details again moves nothing.
   */
  setBusinessDetails(merchantId: string, details: BusinessDetails, now: number): Promise<boolean>;
  listLocations(merchantId: string): Promise<LocationRecord[]>;
  getLocation(merchantId: string, locationId: string): Promise<LocationRecord | null>;
  /** The location alone, for the CLI, which is handed nothing but its id. */
  findLocation(locationId: string): Promise<LocationRecord | null>;
  createLocation(location: LocationRecord): Promise<void>;
  setStaffPin(merchantId: string, locationId: string, pin: StaffPinHash): Promise<boolean>;
  /** Which cards the location's tills replicate; false when the merchant has no such location. */
  setSyncScope(merchantId: string, locationId: string, scope: SyncScope): Promise<boolean>;
  /** False when the merchant has no such location (or removed it). A placed one re-versions passes. */
  renameLocation(
    merchantId: string,
    locationId: string,
    name: string,
    now: number,
  ): Promise<boolean>;
  /**
   * Removes a location no till is paired at any more (its unused pairing codes go with it, its
   * wallet reminder too), or says why not: checked and done in one transaction, so a till paired
   * meanwhile refuses the removal rather than being left at a location that is gone.
   */
  removeLocation(merchantId: string, locationId: string, now: number): Promise<LocationRemoval>;
  listPrograms(merchantId: string): Promise<ProgramRecord[]>;
  getProgram(merchantId: string, programId: string): Promise<ProgramRecord | null>;
  slugTaken(slug: string): Promise<boolean>;
  createProgram(record: ProgramRecord): Promise<void>;
  /**
   * Saves a new version, in one transaction; false when `expectedVersion` is stale (someone saved
   * in between). The stored reward history is kept and grows by the old reward when it changes
   * (`withRewardHistory`, SPEC T2), whatever history `program` carries. A new goal refolds every
   * card of the program; every pass of the program gets a new version (its name, reward or design
   * may show), with a push where a wallet listens.
   */
  updateProgram(program: Program, expectedVersion: number, now: number): Promise<boolean>;
}

export interface DeviceCounts {
  readonly active: number;
  readonly revoked: number;
  readonly synced: number;
}

export interface DeviceStore {
  /**
   * Keeps a new pairing code, unless its location already has MAX_OPEN_PAIRING_CODES_PER_LOCATION
   * waiting (false); forgets codes that expired PAIRING_CODE_RETENTION_MS ago (stored-bounds).
   */
  createPairingCode(code: PairingCodeRecord): Promise<boolean>;
  /** Claims an unused, unexpired code and creates the device in the code's merchant and location. */
  claimPairingCode(code: string, device: PairedDevice): Promise<PairingClaim>;
  getDevice(deviceId: string): Promise<DeviceRecord | null>;
  getServerDevice(merchantId: string): Promise<DeviceRecord>;
  listDevices(merchantId: string): Promise<DeviceRecord[]>;
  revokeDevice(merchantId: string, deviceId: string, now: number): Promise<boolean>;
  /**
   * Paired tills of every merchant (not the server devices), for the operator's metrics: active,
   * revoked, and active ones that synced at or after `syncedSince` (online tills sync every 30 s).
   */
  countDevices(syncedSince: number): Promise<DeviceCounts>;
  /**
   * One device's sync round: appends the events it pushed (when any) and records when it synced and
   * its clock skew, in one transaction, so a round costs one commit.
   */
  recordSync(sync: DeviceSync, batch: AppendBatch | null): Promise<AppendOutcome[]>;
}

export interface CardStore {
  /**
   * Creates a card with its enrolment event; `respond` renders the answer kept for the key. Throws
   * `CardNumberTaken`, storing nothing, when another card of the merchant has the card's number.
   */
  createCard(
    card: NewCard,
    enrolled: StampEventBatch,
    respond: Respond<AppendOutcome>,
    idempotency?: IdempotencyKey,
  ): Promise<Answer>;
  getCard(merchantId: string, cardId: string): Promise<CardRecord | null>;
  /** The card, when it is a customer of one of `locations` (storage/card-within.ts); else null. */
  getCardWithin(
    merchantId: string,
    cardId: string,
    locations: WorkedLocations,
  ): Promise<CardRecord | null>;
  findCardByNumber(merchantId: string, number: string): Promise<CardRecord | null>;
  /** The merchant's vouchers whose redeem code (stamp-core R5) is `code`, at most `limit`. */
  findVoucherCode(merchantId: string, code: string, limit: number): Promise<VoucherRef[]>;
  cardHistory(merchantId: string, cardId: string): Promise<LoggedEvent[]>;
  /**
   * A page of the card's events as stored (their canonical JSON), in log order after position
   * `after` (0: from the first), at most `limit`: a whole history sent a page at a time.
   */
  cardEventPage(
    merchantId: string,
    cardId: string,
    after: number,
    limit: number,
  ): Promise<{ readonly seq: number; readonly body: string }[]>;
  /** Cards with conflicting events, newest change first; only customers of `locations`. */
  listConflictCards(
    merchantId: string,
    limit: number,
    locations?: WorkedLocations,
  ): Promise<CardRecord[]>;
  /** Cards by their newest change; only customers of `locations` (every card when null). */
  listRecentCards(
    merchantId: string,
    limit: number,
    locations?: WorkedLocations,
  ): Promise<CardRecord[]>;
  /** The merchant's cards in id order, after `afterCardId` (null: from the first), at most `limit`. */
  listCards(merchantId: string, afterCardId: string | null, limit: number): Promise<CardRecord[]>;
  /**
   * The dashboard's tiles: cards, and the events and standing stamps made since the start of the
   * hour of `sinceMs` (from the rollup); of `locations` only when given (a tied manager's).
   */
  merchantStats(
    merchantId: string,
    sinceMs: number,
    locations?: WorkedLocations,
  ): Promise<MerchantStats>;
  /**
   * Stores events of one merchant, each on its own: true duplicates are answered as such, the rest go
   * through `admit` with the card's state before them, and each accepted event updates the card's
   * materialized state in the same transaction.
   */
  appendEvents(batch: AppendBatch): Promise<AppendOutcome[]>;
  /** One server-made event, optionally under an idempotency key answered from the same transaction. */
  appendServerEvent(
    append: StampEventBatch,
    respond: Respond<AppendOutcome>,
    idempotency?: IdempotencyKey,
  ): Promise<Answer>;
  /**
   * The events of `scope` after `cursor`, except those `deviceId` sent itself: the merchant's
   * whole log, or a location's view of it (`scope_log`: the events of the location's cards and of
   * cards of no location, a card's earlier events again from the position where it joined).
   */
  eventsAfter(
    merchantId: string,
    deviceId: string,
    scope: PullScope,
    cursor: number,
    limit: number,
  ): Promise<EventPage>;
  maxSeq(merchantId: string): Promise<number>;
  /** Newest HLC the log holds, so a restarted server clock never goes back. */
  latestHlc(): Promise<string | null>;
}

export interface PosStore {
  /** Keeps a new key, unless the merchant has MAX_ACTIVE_API_KEYS_PER_MERCHANT active (false). */
  createApiKey(key: ApiKeyRecord): Promise<boolean>;
  listApiKeys(merchantId: string): Promise<ApiKeyRecord[]>;
  findApiKey(hash: string): Promise<ApiKeyRecord | null>;
  /** Revokes an active key; keeps the newest MAX_REVOKED_API_KEYS_PER_MERCHANT revoked ones. */
  revokeApiKey(merchantId: string, keyId: string, now: number): Promise<boolean>;
  createReceipt(
    receipt: ReceiptRecord,
    respond: Respond<ReceiptRecord>,
    idempotency?: IdempotencyKey,
  ): Promise<Answer>;
  findReceipt(tokenHash: string): Promise<ReceiptRecord | null>;
  /**
   * Claims an unclaimed, unexpired receipt and appends its stamp event, atomically; when the event
   * is refused the receipt stays unclaimed and the outcome says why.
   */
  claimReceipt(receiptId: string, append: StampEventBatch): Promise<ReceiptClaim>;
  /** Forgets answers kept under idempotency keys once they are a day old. */
  purgeIdempotencyKeys(now: number): Promise<void>;
}

export interface AdminStore {
  createAdmin(user: AdminUserRecord): Promise<void>;
  setAdminPassword(email: string, passwordHash: string): Promise<boolean>;
  findAdminByEmail(email: string): Promise<AdminUserRecord | null>;
  /** Sets the account's language (null: follow the browser); false when there is no such account. */
  setAdminLocale(userId: string, locale: Locale | null): Promise<boolean>;
  /** The merchant's owners, by e-mail, with the language to write to each in (null: none chosen). */
  adminEmails(merchantId: string): Promise<{ email: string; locale: Locale | null }[]>;
  /** Keeps a session; the account's oldest beyond MAX_SESSIONS_PER_ADMIN, and expired ones, end. */
  createSession(session: SessionRecord): Promise<void>;
  findSession(id: string, now: number): Promise<(SessionRecord & { user: AdminUserRecord }) | null>;
  deleteSession(id: string): Promise<void>;
}

export interface MerchantRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
}

/**
 * How customers reach the business, shown on the back of its passes, its web cards and join pages.
 * Each is optional (null); `admin/business-details.ts` checks them before they are stored.
 */
export interface BusinessDetails {
  /** As the merchant typed it, e.g. "+49 30 1234 567". */
  readonly phone: string | null;
  /** An https URL. */
  readonly website: string | null;
  /** Free text, lines separated by "\n". */
  readonly address: string | null;
}

/** Made by the wire protocol's `hashStaffPin`, kept per location, handed to tills at pairing. */
export type { StaffPinHash };

export type LocationRemoval =
  | { readonly removed: true }
  | { readonly removed: false; readonly reason: "not-found" }
  | { readonly removed: false; readonly reason: "devices-paired"; readonly devices: number };

export interface LocationRecord {
  readonly id: string;
  readonly merchantId: string;
  readonly name: string;
  readonly staffPin: StaffPinHash;
  readonly createdAt: number;
  /** Which cards its tills replicate (wire protocol `SyncScope`); new locations: `location`. */
  readonly syncScope: SyncScope;
  /** The region the merchant put it in (`RegionStore`); always read, never written with it. */
  readonly regionId?: string | null;
  /** Whether its tills need a staff sign-in; always read, left out when written: not required. */
  readonly staffSignIn?: StaffSignIn;
}

/** What a till pulls: its merchant's whole log, or its location's or region's view of it. */
export type PullScope =
  | { readonly kind: "merchant" }
  | { readonly kind: "location"; readonly locationId: string }
  /** `version`: the region's membership version (`RegionRecord`), which its cursors carry. */
  | { readonly kind: "region"; readonly regionId: string; readonly version: number };

export interface ProgramRecord {
  readonly program: Program;
  readonly slug: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface MerchantSetup {
  readonly merchant: MerchantRecord;
  readonly location: LocationRecord;
  readonly program: ProgramRecord;
  readonly serverDevice: NewDevice;
}

export type DeviceKind = "client" | "server";

export interface NewDevice {
  readonly id: string;
  readonly merchantId: string;
  readonly locationId: string | null;
  readonly kind: DeviceKind;
  readonly name: string;
  readonly mode: string | null;
  readonly createdAt: number;
}

/** A device about to be paired: its scope comes from the pairing code. */
export type PairedDevice = Omit<NewDevice, "merchantId" | "locationId" | "kind">;

export interface DeviceRecord extends NewDevice {
  readonly revokedAt: number | null;
  readonly lastSyncAt: number | null;
  readonly lastSkewMs: number | null;
  /** When it last synced with nothing left to send (stamp-core SPEC R8); null: never. */
  readonly drainedAt: number | null;
}

export interface PairingCodeRecord {
  readonly code: string;
  readonly merchantId: string;
  readonly locationId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export type PairingClaim =
  | { readonly ok: true; readonly device: DeviceRecord }
  | { readonly ok: false; readonly reason: "unknown" | "used" | "expired" };

export interface NewCard {
  readonly id: string;
  readonly merchantId: string;
  readonly programId: string;
  readonly code: string;
  /** The short number (stamp-core SPEC N1–N3), unique per merchant. */
  readonly number: string;
  readonly profile: Readonly<Record<string, string>> | null;
  readonly createdAt: number;
  readonly state: CardState;
}

export interface CardRecord extends NewCard {
  readonly updatedAt: number;
}

export interface VoucherRef {
  readonly cardId: string;
  readonly cycle: number;
}

export interface LoggedEvent {
  readonly seq: number;
  readonly receivedAt: number;
  readonly event: StampEvent;
}

export interface MerchantStats {
  readonly cards: number;
  readonly eventsSince: number;
  readonly stampsSince: number;
  readonly cardsWithConflicts: number;
  readonly activeDevices: number;
}

/**
 * Decides whether an event that is not a duplicate may join the log (see sync/admission). Pure: an
 * adapter may ask again about the same event (a shared commit re-run, a batch planned again once
 * more rows are read), and must get the same answer.
 */
export type Admit = (input: AdmissionInput) => Rejection | null;

export interface AdmissionInput {
  readonly event: StampEvent;
  readonly program: Program | null;
  /**
   * The card as the server knows it, or null when it was never created here. Exact (refolded)
   * for an in-order event and for one that names a voucher.
   */
  readonly card: { readonly programId: string; readonly state: CardState } | null;
  /** For a `stamps.revoked`: the merchant's event it names (this batch's included); null: none. */
  readonly target?: EventOwner | null;
  /** The server's time of the write. */
  readonly now: number;
  /** Where the server places the event in its own time (stamp-core SPEC R8). */
  readonly placedAt: number;
  /**
   * The card's stamps placed after `fromMs` and before `toMs` (stored, and this batch's accepted
   * so far), read only when a limit asks.
   */
  placedStamps(fromMs: number, toMs: number): readonly PlacedStamp[];
}

/** Whose an event is: its card and type, enough to check what names it. */
export interface EventOwner {
  readonly cardId: string;
  readonly type: StampEvent["type"];
}

export interface DeviceSync {
  readonly deviceId: string;
  readonly now: number;
  /** Null keeps the skew recorded last time. */
  readonly skewMs: number | null;
  /** The device pushed nothing: it had nothing left to send (stamp-core SPEC R8). */
  readonly drained: boolean;
}

export interface AppendBatch {
  readonly merchantId: string;
  readonly events: readonly StampEvent[];
  readonly admit: Admit;
  readonly now: number;
  /** Where the server places a device's event in its own time (SPEC R8); absent: at `now`. */
  readonly placedAt?: (event: StampEvent) => number;
}

/** A batch of exactly one event: what server-made writes append. */
export type StampEventBatch = AppendBatch & { readonly events: readonly [StampEvent] };

export type AppendOutcome =
  /** `state` is the card's state after the whole batch. */
  | { readonly id: string; readonly status: "accepted"; readonly state: CardState }
  | { readonly id: string; readonly status: "duplicate" }
  | { readonly id: string; readonly status: "rejected"; readonly rejection: Rejection };

/**
 * An event of a pull page: its canonical JSON with what a pull groups and sorts it by, read from
 * the event's columns (nobody parses a page's bodies to find them), and where it shows in the
 * pulled view of the log (in a location's view a card's earlier events show again where it joined).
 */
export interface PageEvent {
  readonly pos: number;
  readonly id: string;
  readonly cardId: string;
  readonly hlc: string;
  readonly body: string;
}

export interface EventPage {
  /** The page's events in (position, sequence) order. */
  readonly rows: readonly PageEvent[];
  /** Where the next page starts: past every event this page looked at, shown or skipped. */
  readonly cursor: number;
  readonly more: boolean;
}

export interface ApiKeyRecord {
  readonly id: string;
  readonly merchantId: string;
  readonly name: string;
  readonly prefix: string;
  readonly hash: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

/** An answer kept under an Idempotency-Key, replayed verbatim for a retry with the same body. */
export interface StoredResponse {
  readonly status: number;
  readonly body: string;
}

export interface IdempotencyKey {
  readonly key: string;
  /** Hash of the request (method, path, canonical body): the same key with another body is refused. */
  readonly requestHash: string;
}

/** Renders a write's answer inside its transaction, so the kept answer and the write commit together. */
export type Respond<T> = (result: T) => StoredResponse;

/**
 * The answer to an API write: the fresh one, or the first one replayed for a retried key (only
 * successful answers are kept, so a refused request can be retried with the same key).
 */
export type Answer =
  | { readonly kind: "answer"; readonly response: StoredResponse }
  | { readonly kind: "key-reused" };

export interface ReceiptRecord {
  readonly id: string;
  readonly merchantId: string;
  readonly programId: string;
  readonly tokenHash: string;
  readonly count: number;
  readonly amount: number | null;
  readonly currency: string | null;
  readonly orderRef: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly claimedAt: number | null;
  readonly cardId: string | null;
}

export type ReceiptClaim =
  | { readonly ok: true; readonly outcome: AppendOutcome }
  | { readonly ok: false; readonly reason: "used" | "expired" };

export interface AdminUserRecord {
  readonly id: string;
  readonly merchantId: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly createdAt: number;
  readonly role: AdminRole;
  /** The language of their admin pages and e-mails (My account); null or absent: the browser's. */
  readonly locale?: Locale | null;
}

export interface SessionRecord {
  readonly id: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/**
 * Rate limiters kept by the adapter. PostgreSQL: buckets in one table, so every instance on the
 * database takes from the same ones (`shared: "instances"`). SQLite: one process, buckets in its
 * memory (`shared: "process"`).
 */
export interface RateLimitStore {
  readonly shared: "instances" | "process";
  /** The limiter called `name` ("login", "pairing"…): every limiter of that name shares buckets. */
  limiter(name: string, capacity: number, refillPerSecond: number): RateLimiter;
  /** Forgets buckets full again at `nowMs` (a full bucket holds nothing); how many it forgot. */
  forgetFullBuckets(nowMs: number): Promise<number>;
}

/** A secret's value and a tag that changes whenever the value is replaced. */
export interface Secret {
  readonly value: string;
  readonly version: string;
}

/**
 * The server's signing keys by name (`device-token.key`, `card-codes/<merchantId>.json`).
 * PostgreSQL keeps them in the database, sealed with SECRETS_KEY, so every instance signs and
 * verifies with the same keys; SQLite in DATA_DIR/secrets (carried by its backups).
 */
export interface SecretStore {
  /** The secret, made by `create` when there is none yet: of racing creators the first wins, and all read its value. */
  readOrCreate(name: string, create: () => Promise<string>): Promise<string>;
  read(name: string): Promise<Secret | null>;
  /** The version alone (a cheap check whether a cached value is still current); null: none. */
  version(name: string): Promise<string | null>;
  /** Replaces an existing secret by `change(current)`, one replacement at a time; the new value. */
  replace(name: string, change: (current: string) => Promise<string>): Promise<string>;
}

/** Secret names are paths of plain file names (they are files under DATA_DIR/secrets on SQLite). */
export const SECRET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

export function checkSecretName(name: string): string {
  if (!SECRET_NAME.test(name) || name.includes("..")) throw new Error(`bad secret name ${name}`);
  return name;
}
