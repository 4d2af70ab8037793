import { ProgramSchema } from "@stamp/core";
import { PairRequestSchema, SyncRequestSchema } from "@stamp/wire-protocol";
import type * as v from "valibot";
import { CampaignRequest } from "../campaigns/create-campaign";
import type { ApiErrorCode } from "../http/api-error";
import { ReceiptRequestSchema } from "../receipts/create-receipt";
import { EnrollRequest, StampRequest } from "../routes/cards-api";
import { FraudReviewRequest } from "../routes/fraud-flags-api";
import { RedeemRequest } from "../routes/vouchers-api";
import { RestHookBody, WebhookBody } from "../routes/webhooks-api";

export type ApiAuth = "api-key" | "device" | "api-key-or-device" | "none";

/** One operation of the public API: the body schema is the very one its route validates with. */
export interface ApiOperation {
  readonly method: "get" | "post" | "put" | "delete";
  /** OpenAPI form: `{name}` for a path parameter. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly auth: ApiAuth;
  readonly body?: { readonly name: string; readonly schema: v.GenericSchema };
  /** A file sent as the body itself (not JSON), in one of these media types. */
  readonly upload?: readonly string[];
  readonly idempotencyKey?: "required" | "honoured";
  readonly query?: readonly { readonly name: string; readonly description: string }[];
  readonly success: {
    readonly status: number;
    readonly description: string;
    /** What the answer is when not JSON (a CSV file). */
    readonly mediaType?: "text/csv";
  };
  readonly errors: readonly ApiErrorCode[];
}

const AUTH_ERRORS = ["unauthorized", "invalid-api-key", "api-key-revoked", "rate-limited"] as const;
/** The device endpoints speak the versioned wire protocol (`Stamp-Protocol` header). */
const PROTOCOL_ERRORS = ["protocol-too-old", "invalid-protocol-version"] as const;
const DEVICE_ERRORS = [
  "unauthorized",
  "invalid-token",
  "device-revoked",
  "rate-limited",
  ...PROTOCOL_ERRORS,
] as const;
const BODY_ERRORS = [
  "invalid-json",
  "invalid-body",
  "unsupported-media-type",
  "payload-too-large",
] as const;

/** Every operation under /api/v1, as API.md describes it; a test keeps this and the routes in step. */
export const API_OPERATIONS: readonly ApiOperation[] = [
  {
    method: "post",
    path: "/api/v1/devices/pair",
    tag: "Devices",
    summary: "Pair a till with a one-time pairing code; answers its token and configuration",
    auth: "none",
    body: { name: "PairRequest", schema: PairRequestSchema },
    success: { status: 201, description: "The device's id, token and configuration" },
    errors: [
      ...BODY_ERRORS,
      "pairing-code-unknown",
      "pairing-code-used",
      "pairing-code-expired",
      "rate-limited",
      ...PROTOCOL_ERRORS,
    ],
  },
  {
    method: "get",
    path: "/api/v1/devices/me",
    tag: "Devices",
    summary: "What the server knows of the calling device",
    auth: "device",
    success: { status: 200, description: "The device record" },
    errors: DEVICE_ERRORS,
  },
  {
    method: "post",
    path: "/api/v1/sync",
    tag: "Devices",
    summary:
      "Push a till's events and pull what is new since its cursor; with `wait`, an idle till's pull is held until its scope changes",
    auth: "device",
    body: { name: "SyncRequest", schema: SyncRequestSchema },
    success: {
      status: 200,
      description: "Accepted, duplicate and rejected ids; a page of events; the next cursor",
    },
    errors: [...BODY_ERRORS, ...DEVICE_ERRORS, "cursor-ahead"],
  },
  {
    method: "get",
    path: "/api/v1/sync/cards/{cardId}",
    tag: "Devices",
    summary:
      "One card of the till's merchant, for a card scanned outside its scope or in doubt (protocol 5: as compact state)",
    auth: "device",
    success: {
      status: 200,
      description:
        "The card's id and its events in log order; from protocol 5 its snapshot, the events after it and the log position `at`",
    },
    errors: [...DEVICE_ERRORS, "card-not-found"],
  },
  {
    method: "get",
    path: "/api/v1/sync/cards/{cardId}/wallet",
    tag: "Devices",
    summary:
      "Whether a scanned card still updates on the customer's phone (protocol 4): `lost` when its wallet pass stopped receiving updates, with the card page to add it again",
    auth: "device",
    success: {
      status: 200,
      description:
        "`{cardId, updates: ok | lost, reason?: apple-removed | google-removed | not-fetched, cardUrl}`",
    },
    errors: [...DEVICE_ERRORS, "card-not-found"],
  },
  {
    method: "post",
    path: "/api/v1/cards",
    tag: "Cards",
    summary: "Enrol a customer: a new card of a program",
    auth: "api-key",
    body: { name: "EnrollRequest", schema: EnrollRequest },
    idempotencyKey: "honoured",
    success: { status: 201, description: "The card view with its code and wallet links" },
    errors: [...BODY_ERRORS, ...AUTH_ERRORS, "program-not-found", "idempotency-key-reused"],
  },
  {
    method: "get",
    path: "/api/v1/cards/{cardId}",
    tag: "Cards",
    summary: "A card's state: stamps, rewards, vouchers",
    auth: "api-key-or-device",
    success: { status: 200, description: "The card view" },
    errors: [...AUTH_ERRORS, "card-not-found"],
  },
  {
    method: "post",
    path: "/api/v1/stamps",
    tag: "Cards",
    summary: "Add stamps to a card from a POS (by card code or id), by count or by amount",
    auth: "api-key",
    body: { name: "StampRequest", schema: StampRequest },
    idempotencyKey: "required",
    success: { status: 200, description: "The card view after the stamps" },
    errors: [
      ...BODY_ERRORS,
      ...AUTH_ERRORS,
      "idempotency-key-required",
      "idempotency-key-reused",
      "invalid-card-code",
      "card-not-found",
      "amount-required",
      "invalid-amount",
      "currency-mismatch",
      "below-minimum",
      "card-blocked",
      "cooldown",
      "daily-cap",
    ],
  },
  {
    method: "post",
    path: "/api/v1/receipts",
    tag: "Receipts",
    summary: "A receipt QR code worth stamps, claimed once by a customer",
    auth: "api-key",
    body: { name: "ReceiptRequest", schema: ReceiptRequestSchema },
    idempotencyKey: "honoured",
    success: { status: 201, description: "The receipt's id, URL, token, count and expiry" },
    errors: [
      ...BODY_ERRORS,
      ...AUTH_ERRORS,
      "idempotency-key-reused",
      "amount-required",
      "invalid-amount",
    ],
  },
  {
    method: "post",
    path: "/api/v1/vouchers/redeem",
    tag: "Vouchers",
    summary: "Redeem a voucher by its code (a POS that knows the code)",
    auth: "api-key",
    body: { name: "RedeemRequest", schema: RedeemRequest },
    idempotencyKey: "required",
    success: { status: 200, description: "The voucher and the card after the redemption" },
    errors: [
      ...BODY_ERRORS,
      ...AUTH_ERRORS,
      "idempotency-key-required",
      "voucher-not-found",
      "voucher-already-redeemed",
      "voucher-expired",
      "voucher-withdrawn",
      "invalid-voucher-code",
      "card-required",
    ],
  },
  {
    method: "get",
    path: "/api/v1/vouchers/{code}",
    tag: "Vouchers",
    summary: "Look a voucher up by its code",
    auth: "api-key",
    query: [{ name: "card", description: "The card's code or id, for codes the merchant fixed" }],
    success: { status: 200, description: "The voucher and its card" },
    errors: [...AUTH_ERRORS, "voucher-not-found", "invalid-voucher-code", "card-required"],
  },
  {
    method: "get",
    path: "/api/v1/programs",
    tag: "Programs",
    summary: "The merchant's programs",
    auth: "api-key",
    success: { status: 200, description: "`{programs: [Program]}`" },
    errors: AUTH_ERRORS,
  },
  {
    method: "get",
    path: "/api/v1/programs/{id}",
    tag: "Programs",
    summary: "One program",
    auth: "api-key",
    success: { status: 200, description: "The program" },
    errors: [...AUTH_ERRORS, "program-not-found"],
  },
  {
    method: "put",
    path: "/api/v1/programs/{id}",
    tag: "Programs",
    summary: "Save a program (checked as the admin editor checks it); a stale version is refused",
    auth: "api-key",
    body: { name: "Program", schema: ProgramSchema },
    success: { status: 200, description: "The saved program with its new version" },
    errors: [...BODY_ERRORS, ...AUTH_ERRORS, "program-not-found", "stale-version"],
  },
  {
    method: "get",
    path: "/api/v1/programs/{id}/logo",
    tag: "Programs",
    summary: "The program's logo: where its pictures are, or null",
    auth: "api-key",
    success: {
      status: 200,
      description:
        "`{programId, version, logo: {hash, source, width, height, squareUrl, wideUrl} | null}`",
    },
    errors: [...AUTH_ERRORS, "program-not-found"],
  },
  {
    method: "put",
    path: "/api/v1/programs/{id}/logo",
    tag: "Programs",
    summary:
      "Upload the program's logo (the PNG or SVG file as the body, at most 2 MB); its passes are re-issued",
    auth: "api-key",
    upload: ["image/png", "image/svg+xml"],
    success: {
      status: 200,
      description:
        "`{programId, version, changed, logo}` (`changed: false` for the logo already up)",
    },
    errors: [
      ...AUTH_ERRORS,
      "payload-too-large",
      "program-not-found",
      "logo-missing",
      "logo-too-large",
      "logo-wrong-type",
      "logo-damaged",
      "logo-unsafe-svg",
      "logo-too-many-pixels",
      "logo-too-small",
    ],
  },
  {
    method: "delete",
    path: "/api/v1/programs/{id}/logo",
    tag: "Programs",
    summary: "Remove the program's logo: passes and pages show the program's name again",
    auth: "api-key",
    success: { status: 200, description: "`{programId, version, changed, logo: null}`" },
    errors: [...AUTH_ERRORS, "program-not-found"],
  },
  {
    method: "get",
    path: "/api/v1/customers",
    tag: "Customers",
    summary: "Search customers by name, e-mail, phone (any case, part of it), card code or id",
    auth: "api-key",
    query: [
      { name: "q", description: "What to look for (required)" },
      { name: "cursor", description: "`next` of the page before" },
    ],
    success: {
      status: 200,
      description:
        "`{items: [{cardId, programId, name?, email?, phone?, stamps, lastVisitAt?}], next}`",
    },
    errors: [...AUTH_ERRORS, "invalid-query"],
  },
  {
    method: "get",
    path: "/api/v1/customers/{cardId}/export",
    tag: "Customers",
    summary: "Everything kept about one customer: profile, card and every event (JSON)",
    auth: "api-key",
    success: { status: 200, description: "`{exportedAt, card, state, events}`" },
    errors: [...AUTH_ERRORS, "card-not-found"],
  },
  {
    method: "delete",
    path: "/api/v1/customers/{cardId}/personal-data",
    tag: "Customers",
    summary: "Erase who the customer is; the card, its stamps and rewards stay, anonymous",
    auth: "api-key",
    success: { status: 200, description: "`{erased: true}`" },
    errors: [...AUTH_ERRORS, "card-not-found"],
  },
  {
    method: "get",
    path: "/api/v1/audit",
    tag: "Audit",
    summary:
      "Who did what in the admin pages and through the API (programs, devices, manual adjustments, exports, team and staff), newest first",
    auth: "api-key",
    query: [
      { name: "actor", description: "Part of the actor's e-mail or API key name, any case" },
      { name: "action", description: "One action, like program.updated or export.events" },
      { name: "from", description: "First day (UTC) like 2026-11-01, or an instant with offset" },
      { name: "to", description: "Last day (UTC, included), or an instant (excluded)" },
      { name: "cursor", description: "`next` of the page before" },
    ],
    success: {
      status: 200,
      description:
        "`{items: [{id, at, actor: {id, label}, action, target, detail}], next}` (50 a page)",
    },
    errors: [...AUTH_ERRORS, "invalid-query"],
  },
  {
    method: "get",
    path: "/api/v1/fraud-flags",
    tag: "Fraud flags",
    summary:
      "Staff-fraud flags of one status, newest first: who, where, the events they link to, the review",
    auth: "api-key",
    query: [
      { name: "status", description: "open (the default), confirmed or dismissed" },
      { name: "cursor", description: "`next` of the page before" },
    ],
    success: {
      status: 200,
      description:
        "`{items: [{id, kind, status, raisedAt, windowStart, windowEnd, count, location, staff, device, account, items: [{id, cardId}], review: {note, by, at} | null}], next}` (50 a page)",
    },
    errors: [...AUTH_ERRORS, "invalid-query"],
  },
  {
    method: "post",
    path: "/api/v1/fraud-flags/{id}/review",
    tag: "Fraud flags",
    summary:
      "Confirm or dismiss a flag with a note (audited); the same decision again answers the flag as reviewed",
    auth: "api-key",
    body: { name: "FraudReviewRequest", schema: FraudReviewRequest },
    success: { status: 200, description: "The flag, reviewed" },
    errors: [...BODY_ERRORS, ...AUTH_ERRORS, "fraud-flag-not-found", "fraud-flag-reviewed"],
  },
  {
    method: "get",
    path: "/api/v1/exports/customers.csv",
    tag: "Exports",
    summary: "Every customer as CSV (UTF-8 with BOM), streamed: profile, progress, last visit",
    auth: "api-key",
    success: {
      status: 200,
      mediaType: "text/csv",
      description:
        "Columns cardId, programId, name, email, phone, birthday, consentedAt, joinedAt, stamps, rewardsEarned, rewardsReady, lifetimeStamps, lastVisitAt, blocked",
    },
    errors: [...AUTH_ERRORS],
  },
  {
    method: "get",
    path: "/api/v1/exports/events.csv",
    tag: "Exports",
    summary: "The events placed in a date range as CSV (UTF-8 with BOM), streamed in log order",
    auth: "api-key",
    query: [
      { name: "from", description: "First day (UTC) like 2026-11-01, or an instant with offset" },
      { name: "to", description: "Last day (UTC, included), or an instant (excluded)" },
    ],
    success: {
      status: 200,
      mediaType: "text/csv",
      description:
        "Columns position, eventId, type, placedAt, deviceTime, receivedAt, cardId, programId, locationId, deviceId, staffId, staffName, channel, count, amountMinorUnits, currency, orderRef, voucherId, targetId, reason, source, method, inactiveDays",
    },
    errors: [...AUTH_ERRORS, "invalid-query"],
  },
  {
    method: "post",
    path: "/api/v1/campaigns",
    tag: "Campaigns",
    summary:
      "Send a message to card holders through their wallet passes, now or at sendAt (lock-screen push on iPhones, a notification on Android)",
    auth: "api-key",
    body: { name: "CampaignRequest", schema: CampaignRequest },
    idempotencyKey: "honoured",
    success: {
      status: 201,
      description: "The campaign (200 with the same one when the Idempotency-Key was used before)",
    },
    errors: [...BODY_ERRORS, ...AUTH_ERRORS, "program-not-found", "idempotency-key-reused"],
  },
  {
    method: "get",
    path: "/api/v1/campaigns",
    tag: "Campaigns",
    summary: "The merchant's newest 100 campaigns with their reports",
    auth: "api-key",
    success: { status: 200, description: "`{items: [campaign]}`" },
    errors: AUTH_ERRORS,
  },
  {
    method: "get",
    path: "/api/v1/campaigns/{id}",
    tag: "Campaigns",
    summary:
      "A campaign and its report: cards reached, with a wallet, pushed, refusals, passes fetched",
    auth: "api-key",
    success: { status: 200, description: "The campaign" },
    errors: [...AUTH_ERRORS, "campaign-not-found"],
  },
  {
    method: "post",
    path: "/api/v1/campaigns/{id}/cancel",
    tag: "Campaigns",
    summary: "Stop a campaign not sent in full (cards already reached keep the message)",
    auth: "api-key",
    success: { status: 200, description: "The campaign, cancelled" },
    errors: [...AUTH_ERRORS, "campaign-not-found", "campaign-not-cancellable"],
  },
  {
    method: "post",
    path: "/api/v1/webhooks",
    tag: "Webhooks",
    summary: "Register a Standard Webhooks endpoint; answers its whsec_ secret once",
    auth: "api-key",
    body: { name: "WebhookRequest", schema: WebhookBody },
    success: { status: 201, description: "The endpoint and its signing secret" },
    errors: [...BODY_ERRORS, ...AUTH_ERRORS, "webhook-target-refused", "too-many-webhooks"],
  },
  {
    method: "get",
    path: "/api/v1/webhooks",
    tag: "Webhooks",
    summary: "The merchant's endpoints (no secrets)",
    auth: "api-key",
    success: { status: 200, description: "`{items: [endpoint]}`" },
    errors: AUTH_ERRORS,
  },
  {
    method: "get",
    path: "/api/v1/webhooks/{id}/deliveries",
    tag: "Webhooks",
    summary: "An endpoint's newest messages and what became of each",
    auth: "api-key",
    success: { status: 200, description: "`{items: [delivery]}`" },
    errors: [...AUTH_ERRORS, "webhook-not-found"],
  },
  {
    method: "post",
    path: "/api/v1/webhooks/{id}/deliveries/{deliveryId}/replay",
    tag: "Webhooks",
    summary: "Send a message again, with the same webhook-id",
    auth: "api-key",
    success: { status: 202, description: "Queued" },
    errors: [...AUTH_ERRORS, "webhook-not-found", "delivery-not-found"],
  },
  {
    method: "delete",
    path: "/api/v1/webhooks/{id}",
    tag: "Webhooks",
    summary: "Delete an endpoint; messages still waiting are dropped",
    auth: "api-key",
    success: { status: 204, description: "Deleted" },
    errors: [...AUTH_ERRORS, "webhook-not-found"],
  },
  {
    method: "post",
    path: "/api/v1/hooks",
    tag: "REST hooks",
    summary: "Subscribe a URL to one event kind (Zapier-style REST hooks)",
    auth: "api-key",
    body: { name: "RestHookRequest", schema: RestHookBody },
    success: { status: 201, description: "`{id, target_url, event}`" },
    errors: [...BODY_ERRORS, ...AUTH_ERRORS, "webhook-target-refused", "too-many-webhooks"],
  },
  {
    method: "get",
    path: "/api/v1/hooks/samples/{event}",
    tag: "REST hooks",
    summary: "An example payload of an event kind",
    auth: "api-key",
    success: { status: 200, description: "`[payload]`" },
    errors: [...AUTH_ERRORS, "not-found"],
  },
  {
    method: "delete",
    path: "/api/v1/hooks/{id}",
    tag: "REST hooks",
    summary: "Unsubscribe",
    auth: "api-key",
    success: { status: 204, description: "Unsubscribed" },
    errors: [...AUTH_ERRORS, "webhook-not-found"],
  },
];
