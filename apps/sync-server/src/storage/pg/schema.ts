import { sql } from "drizzle-orm";
import {
  bigint,
  customType,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { AdminRole } from "../../admin/admin-role";
import type { Locale } from "../../i18n/locales";
import type { LogoSource } from "../../logos/logo-image";

// The PostgreSQL twin of ../schema.ts: the same tables, column names and TypeScript row types
// (times are epoch milliseconds in BIGINT read as numbers), so both adapters share row mappers.
// The schema parity test keeps the two in step; comments on what the columns mean are there.

const millis = (name: string) => bigint(name, { mode: "number" });

export const merchants = pgTable("merchants", {
  id: text().primaryKey(),
  name: text().notNull(),
  createdAt: millis("created_at").notNull(),
  /** Business details for customers (pass back, web card, join page); null: not given. */
  contactPhone: text("contact_phone"),
  website: text(),
  address: text(),
});

export const locations = pgTable(
  "locations",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    name: text().notNull(),
    staffPinSalt: text("staff_pin_salt").notNull(),
    staffPinIterations: integer("staff_pin_iterations").notNull(),
    staffPinHash: text("staff_pin_hash").notNull(),
    createdAt: millis("created_at").notNull(),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    relevantText: text("relevant_text"),
    syncScope: text("sync_scope", { enum: ["location", "region", "merchant"] })
      .notNull()
      .default("location"),
    staffSignIn: integer("staff_sign_in").notNull().default(0),
    staffIdleMinutes: integer("staff_idle_minutes").notNull().default(5),
    removedAt: millis("removed_at"),
    regionId: text("region_id").references(() => regions.id),
  },
  (t) => [index("locations_merchant").on(t.merchantId)],
);

export const programs = pgTable(
  "programs",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    slug: text().notNull().unique(),
    version: integer().notNull(),
    body: text().notNull(),
    createdAt: millis("created_at").notNull(),
    updatedAt: millis("updated_at").notNull(),
  },
  (t) => [index("programs_merchant").on(t.merchantId)],
);

export const devices = pgTable(
  "devices",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    locationId: text("location_id").references(() => locations.id),
    kind: text({ enum: ["client", "server"] }).notNull(),
    name: text().notNull(),
    mode: text(),
    createdAt: millis("created_at").notNull(),
    revokedAt: millis("revoked_at"),
    lastSyncAt: millis("last_sync_at"),
    lastSkewMs: millis("last_skew_ms"),
    drainedAt: millis("drained_at"),
  },
  (t) => [index("devices_merchant").on(t.merchantId)],
);

export const pairingCodes = pgTable("pairing_codes", {
  code: text().primaryKey(),
  merchantId: text("merchant_id")
    .notNull()
    .references(() => merchants.id),
  locationId: text("location_id")
    .notNull()
    .references(() => locations.id),
  createdAt: millis("created_at").notNull(),
  expiresAt: millis("expires_at").notNull(),
  usedAt: millis("used_at"),
  deviceId: text("device_id"),
});

// Filled to 70 % (migration 0032, which drizzle-kit does not track): a stamp rewrites the card's
// row, and the new version fits on its page, so no index takes a new entry (issue 13).
export const cards = pgTable(
  "cards",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    programId: text("program_id")
      .notNull()
      .references(() => programs.id),
    code: text().notNull(),
    number: text(),
    profile: text(),
    createdAt: millis("created_at").notNull(),
    state: text().notNull(),
    vouchersVersion: integer("vouchers_version").notNull().default(0),
    stamps: integer().notNull(),
    cycles: integer().notNull(),
    lastHlc: text("last_hlc"),
    conflicts: integer().notNull(),
    updatedAt: millis("updated_at").notNull(),
    passFingerprint: text("pass_fingerprint"),
    passUpdatedAt: millis("pass_updated_at"),
    passSeq: bigint("pass_seq", { mode: "number" }),
    insightEnrolledAt: millis("insight_enrolled_at"),
    insightLocationId: text("insight_location_id").notNull().default(""),
    insightVisits: integer("insight_visits").notNull().default(0),
    insightLastVisitAt: millis("insight_last_visit_at"),
  },
  (t) => [
    index("cards_insight_enrolled").on(t.merchantId, t.insightEnrolledAt),
    // With the id: a program's cards read in pages from a cursor (campaign fan-out, audience
    // counts) come in index order instead of being sorted afresh for every page.
    index("cards_merchant_program").on(t.merchantId, t.programId, t.id),
    // Only cards with conflicts (a handful): a stamp rewrites `conflicts` with the card, and an
    // index holding every card would have its entry rewritten by each such write (issue 13).
    index("cards_conflicted").on(t.merchantId).where(sql`${t.conflicts} > 0`),
    // A first pull of a location's or region's cards pages the new cards of no location by it.
    index("cards_merchant_created").on(t.merchantId, t.createdAt, t.id),
    uniqueIndex("cards_merchant_number").on(t.merchantId, t.number),
  ],
);

export const cardVouchers = pgTable(
  "card_vouchers",
  {
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    cycle: integer().notNull(),
    body: text().notNull(),
    code: text(),
  },
  (t) => [primaryKey({ columns: [t.cardId, t.cycle] }), index("card_vouchers_code").on(t.code)],
);

export const cardSnapshots = pgTable(
  "card_snapshots",
  {
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    eventCount: integer("event_count").notNull(),
    lastHlc: text("last_hlc").notNull(),
    lastId: text("last_id").notNull(),
    state: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.cardId, t.eventCount] })],
);

export const events = pgTable(
  "events",
  {
    seq: bigint({ mode: "number" }).notNull(),
    id: text().notNull().unique(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    deviceId: text("device_id")
      .notNull()
      .references(() => devices.id),
    hlc: text().notNull(),
    type: text().notNull(),
    body: text().notNull(),
    receivedAt: millis("received_at").notNull(),
    placedAt: millis("placed_at"),
    staffId: text("staff_id"),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.seq] }),
    // By card, then HLC: a card's history, and its events after a snapshot (stamp-core SPEC C13).
    index("events_card_hlc").on(t.cardId, t.hlc),
  ],
);

export const cardScopes = pgTable(
  "card_scopes",
  {
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    locationId: text("location_id")
      .notNull()
      .references(() => locations.id),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    joinedSeq: bigint("joined_seq", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cardId, t.locationId] }),
    // A location's cards in card order: the pages of its tills' first pull (`viewCards`).
    index("card_scopes_location_card").on(t.locationId, t.cardId),
  ],
);

export const scopeLog = pgTable(
  "scope_log",
  {
    // No foreign key: an entry is only written by an append, joined with the merchant's log row
    // (which references the merchant), and the check cost a lookup per entry (issue 13).
    merchantId: text("merchant_id").notNull(),
    scope: text().notNull(),
    pos: bigint({ mode: "number" }).notNull(),
    seq: bigint({ mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.scope, t.pos, t.seq] })],
);

export const merchantLogs = pgTable("merchant_logs", {
  merchantId: text("merchant_id")
    .primaryKey()
    .references(() => merchants.id),
  head: bigint({ mode: "number" }).notNull(),
  passTag: bigint("pass_tag", { mode: "number" }).notNull(),
  lastHlc: text("last_hlc"),
  placesVersion: bigint("places_version", { mode: "number" }).notNull().default(0),
});

export const serverState = pgTable("server_state", {
  key: text().primaryKey(),
  value: text().notNull(),
});

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    name: text().notNull(),
    prefix: text().notNull(),
    hash: text().notNull().unique(),
    createdAt: millis("created_at").notNull(),
    revokedAt: millis("revoked_at"),
  },
  (t) => [index("api_keys_merchant").on(t.merchantId)],
);

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    key: text().notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer().notNull(),
    response: text().notNull(),
    createdAt: millis("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.key] })],
);

export const receipts = pgTable(
  "receipts",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    programId: text("program_id")
      .notNull()
      .references(() => programs.id),
    tokenHash: text("token_hash").notNull().unique(),
    count: integer().notNull(),
    amount: bigint({ mode: "number" }),
    currency: text(),
    orderRef: text("order_ref"),
    createdAt: millis("created_at").notNull(),
    expiresAt: millis("expires_at").notNull(),
    claimedAt: millis("claimed_at"),
    cardId: text("card_id"),
    eventId: text("event_id"),
  },
  (t) => [index("receipts_merchant").on(t.merchantId)],
);

export const adminUsers = pgTable("admin_users", {
  id: text().primaryKey(),
  merchantId: text("merchant_id")
    .notNull()
    .references(() => merchants.id),
  email: text().notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  createdAt: millis("created_at").notNull(),
  role: text().$type<AdminRole>().notNull().default("owner"),
  locale: text().$type<Locale>(),
});

export const adminLocations = pgTable(
  "admin_locations",
  {
    userId: text("user_id")
      .notNull()
      .references(() => adminUsers.id),
    locationId: text("location_id")
      .notNull()
      .references(() => locations.id),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.locationId] }),
    index("admin_locations_merchant").on(t.merchantId),
  ],
);

export const adminInvitations = pgTable(
  "admin_invitations",
  {
    tokenHash: text("token_hash").primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    email: text().notNull(),
    role: text().$type<AdminRole>().notNull(),
    invitedBy: text("invited_by").notNull(),
    createdAt: millis("created_at").notNull(),
    expiresAt: millis("expires_at").notNull(),
    acceptedAt: millis("accepted_at"),
    locale: text().$type<Locale>(),
  },
  (t) => [index("admin_invitations_merchant").on(t.merchantId)],
);

export const adminPasswordResets = pgTable(
  "admin_password_resets",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => adminUsers.id),
    createdAt: millis("created_at").notNull(),
    expiresAt: millis("expires_at").notNull(),
    usedAt: millis("used_at"),
  },
  (t) => [index("admin_password_resets_user").on(t.userId)],
);

export const adminSessions = pgTable("admin_sessions", {
  id: text().primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => adminUsers.id),
  csrfToken: text("csrf_token").notNull(),
  createdAt: millis("created_at").notNull(),
  expiresAt: millis("expires_at").notNull(),
});

export const walletPasses = pgTable("wallet_passes", {
  cardId: text("card_id")
    .primaryKey()
    .references(() => cards.id),
  merchantId: text("merchant_id")
    .notNull()
    .references(() => merchants.id),
  authToken: text("auth_token").notNull(),
  googleObject: integer("google_object").notNull().default(0),
  googleNotice: text("google_notice"),
  updatesLostAt: bigint("updates_lost_at", { mode: "number" }),
  fetchedAt: bigint("fetched_at", { mode: "number" }),
  fetchedSeq: bigint("fetched_seq", { mode: "number" }),
  googleUsers: integer("google_users"),
  googleLostAt: bigint("google_lost_at", { mode: "number" }),
});

export const walletRegistrations = pgTable(
  "wallet_registrations",
  {
    deviceLibraryId: text("device_library_id").notNull(),
    passTypeId: text("pass_type_id").notNull(),
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    pushToken: text("push_token").notNull(),
    createdAt: millis("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.deviceLibraryId, t.passTypeId, t.cardId] }),
    index("wallet_registrations_card").on(t.cardId),
  ],
);

export const walletPushJobs = pgTable(
  "wallet_push_jobs",
  {
    cardId: text("card_id")
      .primaryKey()
      .references(() => cards.id),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    generation: integer().notNull(),
    status: text({ enum: ["pending", "failed"] }).notNull(),
    attempts: integer().notNull(),
    dueAt: millis("due_at").notNull(),
    lockedUntil: millis("locked_until").notNull(),
    lastError: text("last_error"),
  },
  (t) => [index("wallet_push_jobs_due").on(t.status, t.dueAt)],
);

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    kind: text({ enum: ["webhook", "rest-hook"] }).notNull(),
    url: text().notNull(),
    events: text().notNull(),
    secret: text().notNull(),
    createdAt: millis("created_at").notNull(),
    failingSince: millis("failing_since"),
    disabledAt: millis("disabled_at"),
    deletedAt: millis("deleted_at"),
  },
  (t) => [index("webhook_endpoints_merchant").on(t.merchantId)],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text().primaryKey(),
    messageId: text("message_id").notNull(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    type: text().notNull(),
    payload: text().notNull(),
    createdAt: millis("created_at").notNull(),
    status: text({ enum: ["pending", "delivered", "failed"] }).notNull(),
    attempts: integer().notNull(),
    dueAt: millis("due_at").notNull(),
    lockedUntil: millis("locked_until").notNull(),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    deliveredAt: millis("delivered_at"),
  },
  (t) => [
    index("webhook_deliveries_due").on(t.status, t.dueAt),
    index("webhook_deliveries_endpoint").on(t.endpointId, t.createdAt),
  ],
);

export const restoreLinks = pgTable(
  "restore_links",
  {
    tokenHash: text("token_hash").primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    createdAt: millis("created_at").notNull(),
    expiresAt: millis("expires_at").notNull(),
    usedAt: millis("used_at"),
  },
  (t) => [index("restore_links_card").on(t.cardId)],
);

// Tables only PostgreSQL has: what several instances on one database must share. A SQLite install
// is one process, so its limiters live in memory and its keys in DATA_DIR/secrets.

/** See ../schema.ts `campaigns`. */
export const campaigns = pgTable(
  "campaigns",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    programId: text("program_id")
      .notNull()
      .references(() => programs.id),
    name: text().notNull(),
    message: text().notNull(),
    audience: text().notNull(),
    status: text({ enum: ["scheduled", "sending", "sent", "cancelled"] }).notNull(),
    sendAt: millis("send_at").notNull(),
    createdAt: millis("created_at").notNull(),
    startedAt: millis("started_at"),
    finishedAt: millis("finished_at"),
    cursor: text().notNull(),
    lockedUntil: millis("locked_until").notNull(),
    /** 1: customers who agreed to news by e-mail also get it as an e-mail. */
    email: integer().notNull().default(0),
    /** The automation whose daily run this is; null: the merchant's own campaign. */
    automationId: text("automation_id"),
    /** JSON AutomationRule (automations/automation-rule.ts) as the run began; null for campaigns. */
    automationRule: text("automation_rule"),
  },
  (t) => [
    index("campaigns_merchant").on(t.merchantId, t.createdAt),
    index("campaigns_automation").on(t.automationId, t.createdAt),
    index("campaigns_due").on(t.status, t.sendAt),
  ],
);

/** See ../schema.ts `campaignRecipients`. */
export const campaignRecipients = pgTable(
  "campaign_recipients",
  {
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id),
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    queuedAt: millis("queued_at").notNull(),
    listened: integer().notNull(),
    pushedAt: millis("pushed_at"),
    failures: integer().notNull().default(0),
    fetchedAt: millis("fetched_at"),
    /** The e-mail version: null (none), pending, sent, failed, or skipped (unsubscribed meanwhile). */
    emailStatus: text("email_status", { enum: ["pending", "sent", "failed", "skipped"] }),
    /** When a pending e-mail may be (re)tried: a claim leases it by moving this ahead. */
    emailDueAt: millis("email_due_at").notNull().default(0),
    emailAttempts: integer("email_attempts").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.cardId] }),
    index("campaign_recipients_card").on(t.cardId, t.queuedAt),
    index("campaign_recipients_email").on(t.emailStatus, t.emailDueAt),
  ],
);

/**
 * Token buckets shared by every instance (pg/rate-limiter.ts): one row per limiter and key.
 * `full_at` is when the bucket is full again, so housekeeping forgets rows by time alone.
 */
export const rateLimitBuckets = pgTable(
  "rate_limit_buckets",
  {
    limiter: text().notNull(),
    key: text().notNull(),
    tokens: doublePrecision().notNull(),
    at: millis("at").notNull(),
    fullAt: millis("full_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.limiter, table.key] })],
);

/**
 * The signing keys every instance uses (device tokens, card codes), sealed with SECRETS_KEY
 * (pg/secrets.ts): a JWE (dir, A256GCM) naming the secret in its protected header. `version`
 * grows with every replacement, so instances notice a rotated key with one small read.
 */
export const sealedSecrets = pgTable("sealed_secrets", {
  name: text().primaryKey(),
  sealed: text().notNull(),
  version: integer().notNull(),
});

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });
const png = (name: string) => bytea(name).notNull();

export const programLogos = pgTable("program_logos", {
  programId: text("program_id")
    .primaryKey()
    .references(() => programs.id),
  merchantId: text("merchant_id")
    .notNull()
    .references(() => merchants.id),
  hash: text().notNull(),
  source: text().$type<LogoSource>().notNull(),
  width: integer().notNull(),
  height: integer().notNull(),
  logo1x: png("logo_1x"),
  logo2x: png("logo_2x"),
  logo3x: png("logo_3x"),
  icon1x: png("icon_1x"),
  icon2x: png("icon_2x"),
  icon3x: png("icon_3x"),
  square: png("square"),
  createdAt: millis("created_at").notNull(),
});

/**
 * A programme's automation (birthday, win-back, reminders): switched on or paused, its message
 * and settings. Due ones (`next_run_at`) start a run — a campaign — once a day.
 */
export const automations = pgTable(
  "automations",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    programId: text("program_id")
      .notNull()
      .references(() => programs.id),
    kind: text({ enum: ["birthday", "win-back", "almost-there", "reward-waiting"] }).notNull(),
    enabled: integer().notNull(),
    /** JSON {language: text}. */
    message: text().notNull(),
    /** JSON settings of the kind (automations/automation-rule.ts). */
    settings: text().notNull(),
    updatedAt: millis("updated_at").notNull(),
    nextRunAt: millis("next_run_at").notNull(),
  },
  (t) => [
    uniqueIndex("automations_program_kind").on(t.programId, t.kind),
    index("automations_due").on(t.enabled, t.nextRunAt),
  ],
);

/** A card an automation reached for one occasion (a birthday's year, a lapse, a reward): once. */
export const automationSends = pgTable(
  "automation_sends",
  {
    automationId: text("automation_id")
      .notNull()
      .references(() => automations.id),
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    occasion: text().notNull(),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id),
    sentAt: millis("sent_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.automationId, t.cardId, t.occasion] }),
    index("automation_sends_recent").on(t.automationId, t.sentAt),
  ],
);

export const staffMembers = pgTable(
  "staff_members",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    name: text().notNull(),
    /** A phone kept for them, as typed: a card with the same number is their own (SPEC F1). */
    phone: text(),
    adminUserId: text("admin_user_id").unique(),
    pin: text(),
    createdAt: millis("created_at").notNull(),
    removedAt: millis("removed_at"),
  },
  (t) => [index("staff_members_merchant").on(t.merchantId)],
);

export const staffLocations = pgTable(
  "staff_locations",
  {
    staffId: text("staff_id")
      .notNull()
      .references(() => staffMembers.id),
    locationId: text("location_id")
      .notNull()
      .references(() => locations.id),
    removedAt: millis("removed_at"),
  },
  (t) => [
    primaryKey({ columns: [t.staffId, t.locationId] }),
    index("staff_locations_location").on(t.locationId),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    at: millis("at").notNull(),
    actorId: text("actor_id").notNull(),
    actorLabel: text("actor_label").notNull(),
    action: text().notNull(),
    target: text(),
    detail: text(),
  },
  (t) => [index("audit_log_merchant_at").on(t.merchantId, t.at, t.id)],
);

export const insightHours = pgTable(
  "insight_hours",
  {
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    hour: millis("hour").notNull(),
    locationId: text("location_id").notNull(),
    channel: text().notNull(),
    enrolled: integer().notNull(),
    visits: integer().notNull(),
    stamps: integer().notNull(),
    events: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.hour, t.locationId, t.channel] })],
);

/**
 * The insight_hours counts of whole UTC days: what the dashboard's ranges of days read (a year is
 * 365 rows per location and channel instead of ~15 times as many hours). Kept with insight_hours.
 */
export const insightDays = pgTable(
  "insight_days",
  {
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    /** Epoch ms of the UTC day. */
    day: millis("day").notNull(),
    locationId: text("location_id").notNull(),
    channel: text().notNull(),
    enrolled: integer().notNull(),
    visits: integer().notNull(),
    stamps: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.day, t.locationId, t.channel] })],
);

/**
 * The merchant's rewards of completed cycles (one row per card_vouchers row, written with it) as
 * the dashboard counts them: the UTC day a voucher was issued, unless withdrawn since, and the day
 * it was redeemed, each with the location of the till whose event did it ('' for none; null when
 * that event is not in the log).
 */
export const insightRewards = pgTable(
  "insight_rewards",
  {
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    cycle: integer().notNull(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    issuedDay: millis("issued_day"),
    issuedLocation: text("issued_location"),
    redeemedDay: millis("redeemed_day"),
    redeemedLocation: text("redeemed_location"),
  },
  (t) => [
    primaryKey({ columns: [t.cardId, t.cycle] }),
    index("insight_rewards_issued").on(t.merchantId, t.issuedDay, t.issuedLocation),
    // Redeemed rewards only (the dashboard reads a range of days, which no null is in): a batch
    // writes a row for each voucher it issues, not yet redeemed, and an entry for it here was
    // index work no read used (issue 13).
    index("insight_rewards_redeemed")
      .on(t.merchantId, t.redeemedDay, t.redeemedLocation)
      .where(sql`${t.redeemedDay} IS NOT NULL`),
  ],
);

export const insightRevoked = pgTable("insight_revoked", {
  eventId: text("event_id").primaryKey(),
  merchantId: text("merchant_id")
    .notNull()
    .references(() => merchants.id),
});

export const insightPending = pgTable("insight_pending", {
  merchantId: text("merchant_id")
    .primaryKey()
    .references(() => merchants.id),
  stage: text().$type<"events" | "rewards" | "tail">().notNull().default("events"),
  throughSeq: bigint("through_seq", { mode: "number" }).notNull().default(0),
  appendsCountAfter: bigint("appends_count_after", { mode: "number" }),
  cardsAfter: text("cards_after").notNull().default(""),
  percent: integer().notNull().default(0),
  claimedBy: text("claimed_by"),
  leaseUntil: millis("lease_until").notNull().default(0),
});

/**
 * A merchant's regions: named groups of locations whose tills may sync the region's cards (wire
 * protocol `SyncScope` `region`). `version` is unique among the merchant's regions and renewed
 * whenever a location joins the region, so tills of region cursors read before that pull the
 * cards they lack (a join, `region_members`).
 */
export const regions = pgTable(
  "regions",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    name: text().notNull(),
    version: integer().notNull(),
    createdAt: millis("created_at").notNull(),
  },
  (t) => [uniqueIndex("regions_merchant_name").on(t.merchantId, t.name)],
);

/**
 * The regions where a card was used: the region of each location whose till enrolled or stamped
 * it (or that joined the region holding it), from the log position `joined_seq` on.
 */
export const cardRegions = pgTable(
  "card_regions",
  {
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    regionId: text("region_id")
      .notNull()
      .references(() => regions.id),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    joinedSeq: bigint("joined_seq", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cardId, t.regionId] }),
    // A region's cards in card order: the pages of its tills' first pull and joins (`viewCards`).
    index("card_regions_region_card").on(t.regionId, t.cardId),
  ],
);

/**
 * The locations of a region at each of its versions (`regions.version`, a region cursor's `-r`):
 * a region's new version lists every location in it then; a location that leaves the region
 * leaves the current version's list (its cards' later events miss the region's view). So a till
 * whose cursor names version `v` at position `p` holds the cards of each location listed for `v`
 * up to `p`, and a join sends it only those it lacks (SC8). Kept after the region is deleted: a
 * till offline across that still holds what the listed locations brought.
 */
export const regionMembers = pgTable(
  "region_members",
  {
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    version: integer().notNull(),
    locationId: text("location_id")
      .notNull()
      .references(() => locations.id),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.version, t.locationId] })],
);

/**
 * Staff-fraud flags (stamp-core SPEC F0–F6) awaiting or past review. `key` (reason, subject and
 * window) is unique per merchant, so a scan raises each flag once.
 */
export const fraudFlags = pgTable(
  "fraud_flags",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    key: text().notNull(),
    reason: text().notNull(),
    subjectKind: text("subject_kind").notNull(),
    subjectId: text("subject_id").notNull(),
    locationId: text("location_id"),
    windowStart: millis("window_start").notNull(),
    windowEnd: millis("window_end").notNull(),
    count: integer().notNull(),
    /** The events (or audit entries) it points at, as JSON `[{id, cardId}]`. */
    items: text().notNull(),
    raisedAt: millis("raised_at").notNull(),
    /** open, confirmed or dismissed. */
    status: text().notNull().default("open"),
    reviewedBy: text("reviewed_by"),
    reviewedAt: millis("reviewed_at"),
    note: text(),
    /** When the owners were e-mailed about it (null: not yet). */
    alertedAt: millis("alerted_at"),
  },
  (t) => [
    uniqueIndex("fraud_flags_merchant_key").on(t.merchantId, t.key),
    index("fraud_flags_merchant_status").on(t.merchantId, t.status, t.raisedAt, t.id),
  ],
);

/** A merchant's fraud-check thresholds, alert choice and opening hours (none: the defaults). */
export const fraudSettings = pgTable("fraud_settings", {
  merchantId: text("merchant_id")
    .primaryKey()
    .references(() => merchants.id),
  /** JSON: stamp-core FraudThresholds, the alert choice and hours by location id. */
  settings: text().notNull(),
  /** The last alert e-mail (a daily digest waits a day after it). */
  lastAlertAt: millis("last_alert_at"),
  updatedAt: millis("updated_at").notNull(),
  /**
   * Where the last scan stopped (stamp-core SPEC F7): the log position it read up to, and the time
   * up to which it read the changes by hand. Null before the first scan and after the settings
   * change: the next scan then reads the whole lookback again.
   */
  scannedSeq: bigint("scanned_seq", { mode: "number" }),
  scannedAt: millis("scanned_at"),
});

/**
 * The counts the scans keep for windows that flag over a limit (stamp-core SPEC F2, F3, F5, F7):
 * a stamp-core FraudFlag as JSON under its key, until the window is past the lookback.
 */
export const fraudTallies = pgTable(
  "fraud_tallies",
  {
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    key: text().notNull(),
    windowEnd: millis("window_end").notNull(),
    tally: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.key] })],
);
