import { sql } from "drizzle-orm";
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import type { AdminRole } from "../admin/admin-role";
import type { Locale } from "../i18n/locales";
import type { LogoSource } from "../logos/logo-image";

// Times are epoch milliseconds (INTEGER); ids are UUID text. JSON columns hold stamp-core shapes.

export const merchants = sqliteTable("merchants", {
  id: text().primaryKey(),
  name: text().notNull(),
  createdAt: integer("created_at").notNull(),
  /** Business details for customers (pass back, web card, join page); null: not given. */
  contactPhone: text("contact_phone"),
  website: text(),
  address: text(),
});

export const locations = sqliteTable(
  "locations",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    name: text().notNull(),
    /** PBKDF2-SHA256 of the staff PIN, handed to paired devices so they can check it offline. */
    staffPinSalt: text("staff_pin_salt").notNull(),
    staffPinIterations: integer("staff_pin_iterations").notNull(),
    staffPinHash: text("staff_pin_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    /** Optional, for wallet geo reminders (WGS 84 degrees); a location without both has none. */
    latitude: real(),
    longitude: real(),
    /** Optional lock-screen text near this location, instead of the program's template. */
    relevantText: text("relevant_text"),
    /** Which cards its tills replicate (wire protocol `SyncScope`): `location`, `region`, `merchant`. */
    syncScope: text("sync_scope", { enum: ["location", "region", "merchant"] })
      .notNull()
      .default("location"),
    /** 1: its tills need a staff member signed in with a personal PIN to work (wire `staffSignIn`). */
    staffSignIn: integer("staff_sign_in").notNull().default(0),
    /** A Staff Scanner untouched this long signs its staff member out. */
    staffIdleMinutes: integer("staff_idle_minutes").notNull().default(5),
    /**
     * When the merchant removed it: kept (devices that were paired there and their history still
     * name it), but no longer listed, paired at or shown on passes.
     */
    removedAt: integer("removed_at"),
    /** The region the merchant put it in (`regions`), if any: what its `region` scope reads. */
    regionId: text("region_id").references(() => regions.id),
  },
  (t) => [index("locations_merchant").on(t.merchantId)],
);

export const programs = sqliteTable(
  "programs",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    /** Globally unique: the join URL carries no merchant. */
    slug: text().notNull().unique(),
    version: integer().notNull(),
    /** The stamp-core Program as JSON. */
    body: text().notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("programs_merchant").on(t.merchantId)],
);

export const devices = sqliteTable(
  "devices",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    /** Null for the merchant's server device, which belongs to no location. */
    locationId: text("location_id").references(() => locations.id),
    kind: text({ enum: ["client", "server"] }).notNull(),
    name: text().notNull(),
    mode: text(),
    createdAt: integer("created_at").notNull(),
    revokedAt: integer("revoked_at"),
    lastSyncAt: integer("last_sync_at"),
    lastSkewMs: integer("last_skew_ms"),
    /** When it last synced with nothing left to send: nothing it sends later is older (SPEC R8). */
    drainedAt: integer("drained_at"),
  },
  (t) => [index("devices_merchant").on(t.merchantId)],
);

export const pairingCodes = sqliteTable("pairing_codes", {
  code: text().primaryKey(),
  merchantId: text("merchant_id")
    .notNull()
    .references(() => merchants.id),
  locationId: text("location_id")
    .notNull()
    .references(() => locations.id),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
  deviceId: text("device_id"),
});

export const cards = sqliteTable(
  "cards",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    programId: text("program_id")
      .notNull()
      .references(() => programs.id),
    /** The signed card code printed on the pass. */
    code: text().notNull(),
    /**
     * The short number people type (stamp-core SPEC N1–N3), unique per merchant. Null only between
     * migration 0012 (pg 0004) and the numbering every adapter does right after migrating.
     */
    number: text(),
    profile: text(),
    createdAt: integer("created_at").notNull(),
    /**
     * Materialized stamp-core CardState (JSON) without its vouchers, which live in card_vouchers:
     * a card stamped for years would otherwise rewrite every old voucher with each stamp. Kept in
     * step with the events in one transaction.
     */
    state: text().notNull(),
    /** Moves whenever one of the card's voucher rows is written, so a cached state can be trusted. */
    vouchersVersion: integer("vouchers_version").notNull().default(0),
    stamps: integer().notNull(),
    cycles: integer().notNull(),
    lastHlc: text("last_hlc"),
    conflicts: integer().notNull(),
    updatedAt: integer("updated_at").notNull(),
    /**
     * What the card's wallet pass shows, so a change nobody can see neither bumps the pass nor
     * pushes. The pass's version (these three columns) is on the card's row so that a stamp writes
     * the card once (issue 13); null until the pass is made, in the card's enrolment transaction.
     */
    passFingerprint: text("pass_fingerprint"),
    /** The pass's own Last-Modified, whole seconds apart from one version to the next. */
    passUpdatedAt: integer("pass_updated_at"),
    /**
     * Increasing per merchant (merchant_logs.pass_tag): what the `passesUpdatedSince` tag a device
     * hands back is made of. Not indexed: a device's passes are found through its registrations,
     * and an index would make every version bump write an index entry (on PostgreSQL it would
     * also rule out HOT updates of the card row).
     */
    passSeq: integer("pass_seq"),
    /**
     * The dashboard's rollup of the card (cohorts, the returning-customer rate), kept on its row so
     * that a stamp writes the card once (issue 13): the epoch ms of its card.enrolled event (null
     * while the rollup has not counted it) and the location of the till that enrolled it ('' for
     * none); its stamps.added events that still stand, and the newest one's time. A rebuild of the
     * rollup clears them (`ROLLUP_CLEARS`).
     */
    insightEnrolledAt: integer("insight_enrolled_at"),
    insightLocationId: text("insight_location_id").notNull().default(""),
    insightVisits: integer("insight_visits").notNull().default(0),
    insightLastVisitAt: integer("insight_last_visit_at"),
  },
  (t) => [
    // Cohorts by month of enrolment; a stamp leaves it alone (the enrolment is written once).
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

/** A card's vouchers, one row per completed cycle, written only when that voucher changes. */
export const cardVouchers = sqliteTable(
  "card_vouchers",
  {
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    cycle: integer().notNull(),
    /** The stamp-core Voucher as JSON. */
    body: text().notNull(),
    /** Its redeem code (stamp-core SPEC R5), so a POS can redeem by code. */
    code: text(),
  },
  (t) => [primaryKey({ columns: [t.cardId, t.cycle] }), index("card_vouchers_code").on(t.code)],
);

/**
 * A card's state as of one of its events (stamp-core SPEC C13), kept every few hundred events:
 * a late event replays the events after the newest snapshot before it, not the card's history.
 * Derived from the events: a late event deletes the snapshots after it, a program refold all.
 */
export const cardSnapshots = sqliteTable(
  "card_snapshots",
  {
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    /** How many events the state holds: the card's position of its last event. */
    eventCount: integer("event_count").notNull(),
    lastHlc: text("last_hlc").notNull(),
    lastId: text("last_id").notNull(),
    /** The whole stamp-core CardState as JSON, vouchers included. */
    state: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.cardId, t.eventCount] })],
);

export const events = sqliteTable(
  "events",
  {
    /**
     * The event's position in its merchant's log (1, 2, …): the sync cursor. Per merchant, so no
     * merchant learns another's volume; handed out under the merchant's log row, so positions
     * commit in order (merchant_logs).
     */
    seq: integer().notNull(),
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
    /** The validated event as JSON (`storedText`), returned verbatim to pulling devices. */
    body: text().notNull(),
    receivedAt: integer("received_at").notNull(),
    /**
     * Where the server placed the event in its own time (stamp-core SPEC R8): what the limits
     * judge in the server's time. Null for events stored before it was kept.
     */
    placedAt: integer("placed_at"),
    /** The event's `staffId` (stamp-core SPEC V9), for history and exports without parsing bodies. */
    staffId: text("staff_id"),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.seq] }),
    // By card, then HLC: a card's history, and its events after a snapshot (stamp-core SPEC C13).
    index("events_card_hlc").on(t.cardId, t.hlc),
  ],
);

/**
 * The locations where a card was used: the location of each till that enrolled or stamped it,
 * from the event at `joined_seq` on (wire protocol `SyncScope`). A card with none belongs to no
 * location yet (joined on a phone, made through the API).
 */
export const cardScopes = sqliteTable(
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
    /** The merchant log position of the first event a till of the location made for the card. */
    joinedSeq: integer("joined_seq").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cardId, t.locationId] }),
    // A location's cards in card order: the pages of its tills' first pull (`viewCards`).
    index("card_scopes_location_card").on(t.locationId, t.cardId),
  ],
);

/**
 * Each location's view of the merchant's log: which events its tills pull, and from which
 * position on. `scope` is a location id, or `*` for cards that belong to no location yet (every
 * location scope reads those). An event of a card gets one row per scope of its card at `pos` =
 * its own position; when a card joins a location, its earlier events (but those of `*`, which
 * every location reads) get rows there at the joining event's position, so tills whose cursor is
 * past them still receive the whole card.
 * The newest `pos` of a scope is its high-water mark: a pull with nothing new reads one index end.
 * A table WITHOUT ROWID (migration 0039, hand-written: drizzle cannot declare it), so an entry is
 * one row of the primary key's b-tree; a migration that rebuilds the table must keep it so.
 */
export const scopeLog = sqliteTable(
  "scope_log",
  {
    // No foreign key: an entry is only written by an append, joined with the merchant's log row
    // (which references the merchant), and the check cost a lookup per entry (issue 13).
    merchantId: text("merchant_id").notNull(),
    scope: text().notNull(),
    pos: integer().notNull(),
    /** The event's position in the merchant's log (`events.seq`). */
    seq: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.scope, t.pos, t.seq] })],
);

/**
 * One row per merchant, made with it: where its log ends and its newest pass version tag. Every
 * write of the merchant's events or passes takes this row first (on PostgreSQL `FOR UPDATE`), so
 * the merchant's writes are serialized and positions and tags commit in the order they are
 * handed out: a reader that saw `head` never later finds a lower position appear.
 */
export const merchantLogs = sqliteTable("merchant_logs", {
  merchantId: text("merchant_id")
    .primaryKey()
    .references(() => merchants.id),
  /** The position of the merchant's newest event; 0 before the first. */
  head: integer().notNull(),
  /** The newest `wallet_passes.update_seq` of the merchant's passes. */
  passTag: integer("pass_tag").notNull(),
  /** The newest HLC in the merchant's log, so a restarted server clock never goes back. */
  lastHlc: text("last_hlc"),
  /**
   * Moves on whenever a location changes region: a PostgreSQL append plans its events' regions
   * before it takes this row, and starts over if it moved meanwhile.
   */
  placesVersion: integer("places_version").notNull().default(0),
});

/**
 * Facts about this database as a whole. `log-epoch` names its history: `stampd restore` draws a
 * new one, so a device's cursor from before the restore (whose positions may now be reused by
 * other events) is told to start over instead of silently skipping them.
 */
export const serverState = sqliteTable("server_state", {
  key: text().primaryKey(),
  value: text().notNull(),
});

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    name: text().notNull(),
    /** First characters of the key, so people can tell keys apart; the key itself is never stored. */
    prefix: text().notNull(),
    hash: text().notNull().unique(),
    createdAt: integer("created_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("api_keys_merchant").on(t.merchantId)],
);

export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    key: text().notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer().notNull(),
    response: text().notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.key] })],
);

export const receipts = sqliteTable(
  "receipts",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    programId: text("program_id")
      .notNull()
      .references(() => programs.id),
    /** SHA-256 of the claim token: the token only lives in the printed QR code. */
    tokenHash: text("token_hash").notNull().unique(),
    count: integer().notNull(),
    amount: integer(),
    currency: text(),
    orderRef: text("order_ref"),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    claimedAt: integer("claimed_at"),
    cardId: text("card_id"),
    eventId: text("event_id"),
  },
  (t) => [index("receipts_merchant").on(t.merchantId)],
);

export const adminUsers = sqliteTable("admin_users", {
  id: text().primaryKey(),
  merchantId: text("merchant_id")
    .notNull()
    .references(() => merchants.id),
  email: text().notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  createdAt: integer("created_at").notNull(),
  /** What the account may do (admin/admin-role.ts): accounts made before roles are owners. */
  role: text().$type<AdminRole>().notNull().default("owner"),
  /** The language of their admin pages and e-mails, chosen under My account; null: the browser's. */
  locale: text().$type<Locale>(),
});

/**
 * The locations a manager account works for (admin/admin-scope.ts): it sees only their
 * customers, tills, staff and receipts. A manager with no rows works for every location.
 */
export const adminLocations = sqliteTable(
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

/** An invitation to join a merchant's team: a one-time link (its hash here), accepted once. */
export const adminInvitations = sqliteTable(
  "admin_invitations",
  {
    tokenHash: text("token_hash").primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    email: text().notNull(),
    role: text().$type<AdminRole>().notNull(),
    /** Who invited (an admin id; kept as text: the inviter may leave the team). */
    invitedBy: text("invited_by").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    acceptedAt: integer("accepted_at"),
    /** The invitee's language (the e-mail, the page, then their account); null: the browser's. */
    locale: text().$type<Locale>(),
  },
  (t) => [index("admin_invitations_merchant").on(t.merchantId)],
);

/** A password-reset link sent by e-mail (its hash here): used once, before it expires. */
export const adminPasswordResets = sqliteTable(
  "admin_password_resets",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => adminUsers.id),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("admin_password_resets_user").on(t.userId)],
);

export const adminSessions = sqliteTable("admin_sessions", {
  /** SHA-256 of the cookie value. */
  id: text().primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => adminUsers.id),
  csrfToken: text("csrf_token").notNull(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/**
 * One row per card: what its wallet passes are built from beyond the card itself. The pass's
 * version is on the card's row (`cards.pass_*`).
 */
export const walletPasses = sqliteTable("wallet_passes", {
  cardId: text("card_id")
    .primaryKey()
    .references(() => cards.id),
  merchantId: text("merchant_id")
    .notNull()
    .references(() => merchants.id),
  /** Apple `authenticationToken`: random, made with the card, never changed. */
  authToken: text("auth_token").notNull(),
  /** Set once the Google object was inserted through the REST API, so changes are PATCHed. */
  googleObject: integer("google_object").notNull().default(0),
  /** The id of the last notice sent to the Google object as a message: each is sent once. */
  googleNotice: text("google_notice"),
  /**
   * When APNs answered that the last Apple device holding the pass gave it up (410): the card no
   * longer updates on any phone until it is added to a wallet again (which clears it).
   */
  updatesLostAt: integer("updates_lost_at"),
  /**
   * When an Apple device last fetched the pass from the web service (a new version or a 304) or
   * registered for it, and the `update_seq` it then held: a pass changed since and not fetched
   * for long no longer updates on the phone.
   */
  fetchedAt: integer("fetched_at"),
  fetchedSeq: integer("fetched_seq"),
  /**
   * What Google's last answer said of the object's users (`hasUsers`): 1 a user holds it, 0 none
   * does, null not said since it was inserted.
   */
  googleUsers: integer("google_users"),
  /**
   * When Google's answers said the card no longer updates there: the object is missing (404) or
   * the users who saved it removed it. Saving it to Google Wallet again clears it.
   */
  googleLostAt: integer("google_lost_at"),
});

/** A Wallet app on one device that asked to hear about one pass. */
export const walletRegistrations = sqliteTable(
  "wallet_registrations",
  {
    deviceLibraryId: text("device_library_id").notNull(),
    passTypeId: text("pass_type_id").notNull(),
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    pushToken: text("push_token").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.deviceLibraryId, t.passTypeId, t.cardId] }),
    index("wallet_registrations_card").on(t.cardId),
  ],
);

/**
 * The push outbox: at most one row per card (changes coalesce into it), written in the transaction
 * of the event that changed the card, claimed by workers with a lease.
 */
export const walletPushJobs = sqliteTable(
  "wallet_push_jobs",
  {
    cardId: text("card_id")
      .primaryKey()
      .references(() => cards.id),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    /** Bumped by every change, so a worker finishing an older one knows to go again. */
    generation: integer().notNull(),
    status: text({ enum: ["pending", "failed"] }).notNull(),
    attempts: integer().notNull(),
    dueAt: integer("due_at").notNull(),
    lockedUntil: integer("locked_until").notNull(),
    lastError: text("last_error"),
  },
  (t) => [index("wallet_push_jobs_due").on(t.status, t.dueAt)],
);

/**
 * Where a merchant wants to hear of changes: a Standard Webhooks endpoint (many event kinds, its
 * own `whsec_` secret) or a REST hook (one event kind, made by a Zapier-style tool).
 */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    kind: text({ enum: ["webhook", "rest-hook"] }).notNull(),
    url: text().notNull(),
    /** JSON array of event kinds (see webhooks/webhook-events.ts). */
    events: text().notNull(),
    secret: text().notNull(),
    createdAt: integer("created_at").notNull(),
    /** The first failure of the current run of failures; null while deliveries succeed. */
    failingSince: integer("failing_since"),
    /** Set when it failed for days (or answered 410 to a REST hook): nothing more is sent. */
    disabledAt: integer("disabled_at"),
    deletedAt: integer("deleted_at"),
  },
  (t) => [index("webhook_endpoints_merchant").on(t.merchantId)],
);

/**
 * One message for one endpoint, written in the transaction of the change it tells of, sent by
 * whichever server instance claims it first, retried with backoff, kept as the delivery log.
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text().primaryKey(),
    /** The `webhook-id`: the same on every retry and replay of the message. */
    messageId: text("message_id").notNull(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    type: text().notNull(),
    payload: text().notNull(),
    createdAt: integer("created_at").notNull(),
    status: text({ enum: ["pending", "delivered", "failed"] }).notNull(),
    attempts: integer().notNull(),
    dueAt: integer("due_at").notNull(),
    lockedUntil: integer("locked_until").notNull(),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    deliveredAt: integer("delivered_at"),
  },
  (t) => [
    index("webhook_deliveries_due").on(t.status, t.dueAt),
    index("webhook_deliveries_endpoint").on(t.endpointId, t.createdAt),
  ],
);

/**
 * One-time links that open a customer's existing card on a new phone ("Already have a card?"):
 * only the token's SHA-256 is kept; a link works once, until it expires.
 */
export const restoreLinks = sqliteTable(
  "restore_links",
  {
    tokenHash: text("token_hash").primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("restore_links_card").on(t.cardId)],
);

/**
 * A message a merchant sends to card holders through their wallet passes (Apple: a field with a
 * change message, pushed; Google: a message on the object). Fanned out in steps by whichever
 * instance holds its lease; `cursor` (the last card id looked at) moves in the same transaction as
 * the recipients each step adds, so a crash resumes where it stopped and reaches nobody twice.
 */
export const campaigns = sqliteTable(
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
    /** JSON {language: text}: the message in the programme's languages. */
    message: text().notNull(),
    /** JSON Audience (campaigns/audience.ts). */
    audience: text().notNull(),
    status: text({ enum: ["scheduled", "sending", "sent", "cancelled"] }).notNull(),
    sendAt: integer("send_at").notNull(),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
    cursor: text().notNull(),
    lockedUntil: integer("locked_until").notNull(),
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

/** One card a campaign reached: the message it shows, and what became of the push. */
export const campaignRecipients = sqliteTable(
  "campaign_recipients",
  {
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id),
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    queuedAt: integer("queued_at").notNull(),
    /** 1 when a wallet listened (an Apple device registered or a Google object) when it was queued. */
    listened: integer().notNull(),
    pushedAt: integer("pushed_at"),
    /** Devices APNs refused or Google calls that failed, over every attempt. */
    failures: integer().notNull().default(0),
    /** When a device first fetched the pass after the message was queued. */
    fetchedAt: integer("fetched_at"),
    /** The e-mail version: null (none), pending, sent, failed, or skipped (unsubscribed meanwhile). */
    emailStatus: text("email_status", { enum: ["pending", "sent", "failed", "skipped"] }),
    /** When a pending e-mail may be (re)tried: a claim leases it by moving this ahead. */
    emailDueAt: integer("email_due_at").notNull().default(0),
    emailAttempts: integer("email_attempts").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.cardId] }),
    index("campaign_recipients_card").on(t.cardId, t.queuedAt),
    index("campaign_recipients_email").on(t.emailStatus, t.emailDueAt),
  ],
);

/**
 * A programme's automation (birthday, win-back, reminders): switched on or paused, its message
 * and settings. Due ones (`next_run_at`) start a run — a campaign — once a day.
 */
export const automations = sqliteTable(
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
    updatedAt: integer("updated_at").notNull(),
    nextRunAt: integer("next_run_at").notNull(),
  },
  (t) => [
    uniqueIndex("automations_program_kind").on(t.programId, t.kind),
    index("automations_due").on(t.enabled, t.nextRunAt),
  ],
);

/** A card an automation reached for one occasion (a birthday's year, a lapse, a reward): once. */
export const automationSends = sqliteTable(
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
    sentAt: integer("sent_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.automationId, t.cardId, t.occasion] }),
    index("automation_sends_recent").on(t.automationId, t.sentAt),
  ],
);

const png = (name: string) => blob(name, { mode: "buffer" }).notNull();

/**
 * A program's uploaded logo as the passes and pages show it: the renditions made when it was
 * checked (logos/logo-image.ts), never the upload itself. One per program; none: today's look.
 */
export const programLogos = sqliteTable("program_logos", {
  programId: text("program_id")
    .primaryKey()
    .references(() => programs.id),
  merchantId: text("merchant_id")
    .notNull()
    .references(() => merchants.id),
  /** SHA-256 (hex) of the uploaded file: the ETag of every rendition. */
  hash: text().notNull(),
  source: text().$type<LogoSource>().notNull(),
  /** The upload's size in pixels (an SVG's as drawn). */
  width: integer().notNull(),
  height: integer().notNull(),
  /** Apple logo.png @1x, @2x, @3x (inside 160 × 50 pt). */
  logo1x: png("logo_1x"),
  logo2x: png("logo_2x"),
  logo3x: png("logo_3x"),
  /** Apple icon.png @1x, @2x, @3x (29 × 29 pt). */
  icon1x: png("icon_1x"),
  icon2x: png("icon_2x"),
  icon3x: png("icon_3x"),
  /** Google's programLogo and the pages' square icon (660 × 660 px). */
  square: png("square"),
  createdAt: integer("created_at").notNull(),
});

/**
 * The people who work the tills, each with a personal PIN (README, Till staff). A staff member
 * may have an admin account too (`admin_user_id`) or none (a cashier without an e-mail login).
 * Never deleted: events name them for good; removal only stops new sign-ins.
 */
export const staffMembers = sqliteTable(
  "staff_members",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    name: text().notNull(),
    /** A phone kept for them, as typed: a card with the same number is their own (SPEC F1). */
    phone: text(),
    /** The admin account that is this person, if any (kept as text: an account may be removed). */
    adminUserId: text("admin_user_id").unique(),
    /** The wire protocol's `PinVerifier` as JSON; null until a PIN is set. */
    pin: text(),
    createdAt: integer("created_at").notNull(),
    removedAt: integer("removed_at"),
  },
  (t) => [index("staff_members_merchant").on(t.merchantId)],
);

/**
 * Where a staff member works. A location taken away keeps its row (`removed_at`), so events the
 * person made there before, synced late, still check (stamp-core SPEC V9).
 */
export const staffLocations = sqliteTable(
  "staff_locations",
  {
    staffId: text("staff_id")
      .notNull()
      .references(() => staffMembers.id),
    locationId: text("location_id")
      .notNull()
      .references(() => locations.id),
    removedAt: integer("removed_at"),
  },
  (t) => [
    primaryKey({ columns: [t.staffId, t.locationId] }),
    index("staff_locations_location").on(t.locationId),
  ],
);

/** Who did what in the admin pages and the API (audit/audit-log.ts); append-only, newest read first. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    at: integer().notNull(),
    actorId: text("actor_id").notNull(),
    actorLabel: text("actor_label").notNull(),
    action: text().notNull(),
    target: text(),
    detail: text(),
  },
  (t) => [index("audit_log_merchant_at").on(t.merchantId, t.at, t.id)],
);

/**
 * The dashboard's rollup (insight/activity-plan.ts): per merchant, UTC hour of the event's own
 * time (its HLC), location of the till that made it ('' for none: API, receipts, join page) and
 * stamp channel ('' for enrolments), the counts the charts sum. Derived from the events: kept in
 * step in the append's transaction, rebuilt from the log at start for merchants in
 * `insight_pending`.
 */
export const insightHours = sqliteTable(
  "insight_hours",
  {
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    /** Epoch ms of the UTC hour. */
    hour: integer().notNull(),
    locationId: text("location_id").notNull(),
    channel: text().notNull(),
    /** card.enrolled events. */
    enrolled: integer().notNull(),
    /** stamps.added events that still stand (no stamps.revoked names them). */
    visits: integer().notNull(),
    /** The stamps those events gave. */
    stamps: integer().notNull(),
    /**
     * Every event made at the location in the hour (kept on the row of channel ''): the
     * dashboard's "card activity" tile.
     */
    events: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.hour, t.locationId, t.channel] })],
);

/**
 * The insight_hours counts of whole UTC days: what the dashboard's ranges of days read (a year is
 * 365 rows per location and channel instead of ~15 times as many hours). Kept with insight_hours.
 */
export const insightDays = sqliteTable(
  "insight_days",
  {
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    /** Epoch ms of the UTC day. */
    day: integer().notNull(),
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
export const insightRewards = sqliteTable(
  "insight_rewards",
  {
    cardId: text("card_id")
      .notNull()
      .references(() => cards.id),
    cycle: integer().notNull(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    issuedDay: integer("issued_day"),
    issuedLocation: text("issued_location"),
    redeemedDay: integer("redeemed_day"),
    redeemedLocation: text("redeemed_location"),
  },
  (t) => [
    primaryKey({ columns: [t.cardId, t.cycle] }),
    index("insight_rewards_issued").on(t.merchantId, t.issuedDay, t.issuedLocation),
    index("insight_rewards_redeemed").on(t.merchantId, t.redeemedDay, t.redeemedLocation),
  ],
);

/** The stamps.added events a stamps.revoked named (the first revocation counts), arrived or not. */
export const insightRevoked = sqliteTable("insight_revoked", {
  eventId: text("event_id").primaryKey(),
  merchantId: text("merchant_id")
    .notNull()
    .references(() => merchants.id),
});

/**
 * Merchants whose rollup is being rebuilt from their whole log, in the background after the
 * server listens (insight/rollup-rebuild.ts): every merchant of a database made before a rollup
 * table (filled by its migration, which starts a rebuild over: stage 'events', through_seq 0).
 * New merchants never need it: their rollup is kept from their first event. While a merchant is
 * here its appends leave their events' counts to the rebuild (which reads the log up to
 * `through_seq`, page by page, one transaction each) and its dashboard says so.
 */
export const insightPending = sqliteTable("insight_pending", {
  merchantId: text("merchant_id")
    .primaryKey()
    .references(() => merchants.id),
  /** 'events' (counting the log), 'rewards' (the cards' voucher rows), 'tail' (the last events). */
  stage: text().$type<"events" | "rewards" | "tail">().notNull().default("events"),
  /** The log is counted up to this position (the merchant's seq). */
  throughSeq: integer("through_seq").notNull().default(0),
  /**
   * Fixed by the rebuild's first step (the merchant's head then): appends count their own events,
   * which come after it, and the rebuild counts the log up to it. Null until then: appends leave
   * their events' counts to the rebuild.
   */
  appendsCountAfter: integer("appends_count_after"),
  /** The rewards stage has written the cards up to this id. */
  cardsAfter: text("cards_after").notNull().default(""),
  /** How far the rebuild is, 0–99, for the dashboard's notice. */
  percent: integer().notNull().default(0),
  /** The instance rebuilding it, until `lease_until` (epoch ms): then another may take it over. */
  claimedBy: text("claimed_by"),
  leaseUntil: integer("lease_until").notNull().default(0),
});

/**
 * A merchant's regions: named groups of locations whose tills may sync the region's cards (wire
 * protocol `SyncScope` `region`). `version` is unique among the merchant's regions and renewed
 * whenever a location joins the region, so tills of region cursors read before that pull the
 * cards they lack (a join, `region_members`).
 */
export const regions = sqliteTable(
  "regions",
  {
    id: text().primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    name: text().notNull(),
    version: integer().notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("regions_merchant_name").on(t.merchantId, t.name)],
);

/**
 * The regions where a card was used: the region of each location whose till enrolled or stamped
 * it (or that joined the region holding it), from the log position `joined_seq` on.
 */
export const cardRegions = sqliteTable(
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
    joinedSeq: integer("joined_seq").notNull(),
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
export const regionMembers = sqliteTable(
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
export const fraudFlags = sqliteTable(
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
    windowStart: integer("window_start").notNull(),
    windowEnd: integer("window_end").notNull(),
    count: integer().notNull(),
    /** The events (or audit entries) it points at, as JSON `[{id, cardId}]`. */
    items: text().notNull(),
    raisedAt: integer("raised_at").notNull(),
    /** open, confirmed or dismissed. */
    status: text().notNull().default("open"),
    reviewedBy: text("reviewed_by"),
    reviewedAt: integer("reviewed_at"),
    note: text(),
    /** When the owners were e-mailed about it (null: not yet). */
    alertedAt: integer("alerted_at"),
  },
  (t) => [
    uniqueIndex("fraud_flags_merchant_key").on(t.merchantId, t.key),
    index("fraud_flags_merchant_status").on(t.merchantId, t.status, t.raisedAt, t.id),
  ],
);

/** A merchant's fraud-check thresholds, alert choice and opening hours (none: the defaults). */
export const fraudSettings = sqliteTable("fraud_settings", {
  merchantId: text("merchant_id")
    .primaryKey()
    .references(() => merchants.id),
  /** JSON: stamp-core FraudThresholds, the alert choice and hours by location id. */
  settings: text().notNull(),
  /** The last alert e-mail (a daily digest waits a day after it). */
  lastAlertAt: integer("last_alert_at"),
  updatedAt: integer("updated_at").notNull(),
  /**
   * Where the last scan stopped (stamp-core SPEC F7): the log position it read up to, and the time
   * up to which it read the changes by hand. Null before the first scan and after the settings
   * change: the next scan then reads the whole lookback again.
   */
  scannedSeq: integer("scanned_seq"),
  scannedAt: integer("scanned_at"),
});

/**
 * The counts the scans keep for windows that flag over a limit (stamp-core SPEC F2, F3, F5, F7):
 * a stamp-core FraudFlag as JSON under its key, until the window is past the lookback.
 */
export const fraudTallies = sqliteTable(
  "fraud_tallies",
  {
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    key: text().notNull(),
    windowEnd: integer("window_end").notNull(),
    tally: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.key] })],
);
