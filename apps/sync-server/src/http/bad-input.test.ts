import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { anotherMerchant, apiKey, call, enroll, newApiKey, TestDevice } from "../../test/fixtures";
import { startTestServer, type TestServer } from "../../test/test-server";
import { programFormValues } from "../admin/program-form";
import { withoutControlCharacters } from "../pages/control-characters";

/** The tables whose rows are the record; sessions and kept idempotent answers are caches. */
const TABLES_OF_RECORD = [
  "merchants",
  "locations",
  "programs",
  "devices",
  "pairing_codes",
  "cards",
  "card_vouchers",
  "events",
  "api_keys",
  "receipts",
  "admin_users",
];

interface Case {
  readonly name: string;
  readonly method?: string;
  readonly path: string;
  readonly auth?: "device" | "key" | "revoked-device" | "revoked-key" | "other-key" | string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly raw?: string;
  readonly status: number;
  readonly code: string;
}

let server: TestServer;
let device: TestDevice;
let revokedDevice: TestDevice;
let key: string;
let revokedKey: string;
let otherKey: string;
let card: { cardId: string; code: string };
let otherCard: { cardId: string; code: string };
let receiptToken: string;
let tokens: Record<string, string>;
/** The demo program as the API reads it, for edits that must be refused. */
let program: Record<string, unknown>;

async function snapshot(): Promise<string> {
  return createHash("sha256")
    .update(JSON.stringify(await server.dump(TABLES_OF_RECORD)))
    .digest("hex");
}

async function signDeviceToken(
  claims: { sub: string; exp?: number },
  secret: Uint8Array,
): Promise<string> {
  const jwt = new SignJWT({ mer: server.seed.merchantId, loc: server.seed.locationId })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub)
    .setIssuer("stamp")
    .setAudience("stamp-device")
    .setIssuedAt(Math.floor(Date.now() / 1000) - 7200);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  return jwt.sign(secret);
}

beforeAll(async () => {
  server = await startTestServer();
  key = await apiKey(server, server.seed);
  device = await TestDevice.pair(server);
  revokedDevice = await TestDevice.pair(server);
  await server.services.store.revokeDevice(
    server.seed.merchantId,
    revokedDevice.deviceId,
    Date.now(),
  );
  const revoked = await newApiKey(server, server.seed, "old");
  await server.services.store.revokeApiKey(server.seed.merchantId, revoked.id, Date.now());
  revokedKey = revoked.key;
  const other = await anotherMerchant(server, "Other Shop");
  otherKey = await apiKey(server, other);
  otherCard = await enroll(server, otherKey, other.programId);
  card = await enroll(server, key, server.seed.programId);
  const receipt = await call(server, "POST", "/api/v1/receipts", {
    token: key,
    body: { count: 1 },
  });
  receiptToken = receipt.json.token;
  // A stamp under a key that a later case reuses with another body.
  await call(server, "POST", "/api/v1/stamps", {
    token: key,
    body: { card: card.cardId },
    headers: { "idempotency-key": "used-key-1" },
  });
  await device.sync([device.stamp(card.cardId)]);
  program = (await call(server, "GET", `/api/v1/programs/${server.seed.programId}`, { token: key }))
    .json;
  const secret = Buffer.from(
    readFileSync(join(server.dataDir, "secrets", "device-token.key"), "utf8").trim(),
    "base64url",
  );
  tokens = {
    expired: await signDeviceToken(
      { sub: device.deviceId, exp: Math.floor(Date.now() / 1000) - 60 },
      secret,
    ),
    unknownDevice: await signDeviceToken({ sub: randomUUID() }, secret),
    otherSecret: await signDeviceToken({ sub: device.deviceId }, new Uint8Array(32).fill(7)),
  };
});
afterAll(() => server.close());

/** Names that hide or reorder text: refused everywhere a name is taken (stamp-core SPEC V6). */
const UNSAFE_NAMES: readonly (readonly [string, string])[] = [
  ["a NUL", "Front\u0000till"],
  ["an escape sequence", "Front \u001b[31mtill"],
  ["a line break", "Front\ntill"],
  ["a C1 control", "Front\u0085till"],
  ["a right-to-left override", "\u202ellit tnorF"],
  ["a direction isolate", "Front \u2066till\u2069"],
  ["a lone surrogate", "Front till \ud800"],
];

/** The card's compact code (stamp-core K7) with its signature's characters replaced. */
const forgedCode = () => `${card.code.slice(0, 60)}${"A".repeat(card.code.length - 60)}`;

const cases: (() => Case)[] = [
  // Pairing
  () => ({
    name: "pair: broken JSON",
    method: "POST",
    path: "/api/v1/devices/pair",
    raw: '{"code":',
    status: 400,
    code: "invalid-json",
  }),
  () => ({
    name: "pair: text/plain body",
    method: "POST",
    path: "/api/v1/devices/pair",
    raw: "code=ABCD",
    headers: { "content-type": "text/plain" },
    status: 415,
    code: "unsupported-media-type",
  }),
  () => ({
    name: "pair: array body",
    method: "POST",
    path: "/api/v1/devices/pair",
    body: [],
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "pair: null body",
    method: "POST",
    path: "/api/v1/devices/pair",
    raw: "null",
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "pair: empty object",
    method: "POST",
    path: "/api/v1/devices/pair",
    body: {},
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "pair: wrong types",
    method: "POST",
    path: "/api/v1/devices/pair",
    body: { code: 123, name: true, mode: 1 },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "pair: unknown field",
    method: "POST",
    path: "/api/v1/devices/pair",
    body: { code: "ABCDEFGH", name: "x", mode: "kiosk", admin: true },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "pair: bad mode",
    method: "POST",
    path: "/api/v1/devices/pair",
    body: { code: "ABCDEFGH", name: "x", mode: "root" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "pair: SQL-ish code",
    method: "POST",
    path: "/api/v1/devices/pair",
    body: { code: "' OR 1=1 --", name: "x", mode: "kiosk" },
    status: 404,
    code: "pairing-code-unknown",
  }),
  () => ({
    name: "pair: 10k-character name",
    method: "POST",
    path: "/api/v1/devices/pair",
    body: { code: "ABCDEFGH", name: "n".repeat(10_000), mode: "kiosk" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "pair: body over 64 KB",
    method: "POST",
    path: "/api/v1/devices/pair",
    raw: JSON.stringify({ code: "x".repeat(70_000) }),
    status: 413,
    code: "payload-too-large",
  }),
  // Sync
  () => ({
    name: "sync: no credentials",
    method: "POST",
    path: "/api/v1/sync",
    body: { cursor: null, events: [] },
    status: 401,
    code: "unauthorized",
  }),
  () => ({
    name: "sync: Basic auth",
    method: "POST",
    path: "/api/v1/sync",
    headers: { authorization: "Basic YTpi" },
    body: { cursor: null, events: [] },
    status: 401,
    code: "unauthorized",
  }),
  () => ({
    name: "sync: garbage token",
    method: "POST",
    path: "/api/v1/sync",
    auth: "not.a.jwt",
    body: { cursor: null, events: [] },
    status: 401,
    code: "invalid-token",
  }),
  () => ({
    name: "sync: token signed with another key",
    method: "POST",
    path: "/api/v1/sync",
    auth: tokens.otherSecret,
    body: { cursor: null, events: [] },
    status: 401,
    code: "invalid-token",
  }),
  () => ({
    name: "sync: expired token",
    method: "POST",
    path: "/api/v1/sync",
    auth: tokens.expired,
    body: { cursor: null, events: [] },
    status: 401,
    code: "invalid-token",
  }),
  () => ({
    name: "sync: token of an unknown device",
    method: "POST",
    path: "/api/v1/sync",
    auth: tokens.unknownDevice,
    body: { cursor: null, events: [] },
    status: 401,
    code: "invalid-token",
  }),
  () => ({
    name: "sync: revoked device",
    method: "POST",
    path: "/api/v1/sync",
    auth: "revoked-device",
    body: { cursor: null, events: [] },
    status: 401,
    code: "device-revoked",
  }),
  () => ({
    name: "sync: API key instead of device token",
    method: "POST",
    path: "/api/v1/sync",
    auth: "key",
    body: { cursor: null, events: [] },
    status: 401,
    code: "invalid-token",
  }),
  () => ({
    name: "sync: broken JSON",
    method: "POST",
    path: "/api/v1/sync",
    auth: "device",
    raw: '{"cursor":null,"events":[',
    status: 400,
    code: "invalid-json",
  }),
  () => ({
    name: "sync: numeric cursor",
    method: "POST",
    path: "/api/v1/sync",
    auth: "device",
    body: { cursor: 0, events: [] },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "sync: negative cursor",
    method: "POST",
    path: "/api/v1/sync",
    auth: "device",
    body: { cursor: "-1", events: [] },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "sync: SQL-ish cursor",
    method: "POST",
    path: "/api/v1/sync",
    auth: "device",
    body: { cursor: "1; DROP TABLE events", events: [] },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "sync: events not an array",
    method: "POST",
    path: "/api/v1/sync",
    auth: "device",
    body: { cursor: null, events: { 0: {} } },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "sync: 1001 events",
    method: "POST",
    path: "/api/v1/sync",
    auth: "device",
    body: { cursor: null, events: Array.from({ length: 1001 }, () => device.stamp(card.cardId)) },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "sync: unknown field",
    method: "POST",
    path: "/api/v1/sync",
    auth: "device",
    body: { cursor: null, events: [], since: 0 },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "sync: missing events",
    method: "POST",
    path: "/api/v1/sync",
    auth: "device",
    body: { cursor: null },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "sync: garbage deviceTime",
    method: "POST",
    path: "/api/v1/sync",
    auth: "device",
    body: { cursor: null, events: [], deviceTime: "yesterday" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "sync: body over 1 MB",
    method: "POST",
    path: "/api/v1/sync",
    auth: "device",
    raw: JSON.stringify({ cursor: null, events: ["x".repeat(1_100_000)] }),
    status: 413,
    code: "payload-too-large",
  }),
  () => ({
    name: "sync: cursor past the end",
    method: "POST",
    path: "/api/v1/sync",
    auth: "device",
    body: { cursor: "p999999999", events: [device.stamp(card.cardId)] },
    status: 409,
    code: "cursor-ahead",
  }),
  () => ({
    name: "sync: a cursor from before per-merchant positions",
    method: "POST",
    path: "/api/v1/sync",
    auth: "device",
    body: { cursor: "999999999", events: [device.stamp(card.cardId)] },
    status: 409,
    code: "cursor-ahead",
  }),
  () => ({
    name: "devices/me: revoked device",
    method: "GET",
    path: "/api/v1/devices/me",
    auth: "revoked-device",
    status: 401,
    code: "device-revoked",
  }),
  () => ({
    name: "devices/me: API key",
    method: "GET",
    path: "/api/v1/devices/me",
    auth: "key",
    status: 401,
    code: "invalid-token",
  }),
  // Cards
  () => ({
    name: "cards: no credentials",
    method: "POST",
    path: "/api/v1/cards",
    body: { programId: server.seed.programId },
    status: 401,
    code: "unauthorized",
  }),
  () => ({
    name: "cards: device token",
    method: "POST",
    path: "/api/v1/cards",
    auth: "device",
    body: { programId: server.seed.programId },
    status: 401,
    code: "invalid-api-key",
  }),
  () => ({
    name: "cards: unknown API key",
    method: "POST",
    path: "/api/v1/cards",
    auth: `sk_${"x".repeat(43)}`,
    body: { programId: server.seed.programId },
    status: 401,
    code: "invalid-api-key",
  }),
  () => ({
    name: "cards: revoked API key",
    method: "POST",
    path: "/api/v1/cards",
    auth: "revoked-key",
    body: { programId: server.seed.programId },
    status: 401,
    code: "api-key-revoked",
  }),
  () => ({
    name: "cards: programId not a UUID",
    method: "POST",
    path: "/api/v1/cards",
    auth: "key",
    body: { programId: "demo" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "cards: SQL-ish programId",
    method: "POST",
    path: "/api/v1/cards",
    auth: "key",
    body: { programId: "x' OR '1'='1" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "cards: another merchant's program",
    method: "POST",
    path: "/api/v1/cards",
    auth: "other-key",
    body: { programId: server.seed.programId },
    status: 404,
    code: "program-not-found",
  }),
  () => ({
    name: "cards: unknown profile field",
    method: "POST",
    path: "/api/v1/cards",
    auth: "key",
    body: { programId: server.seed.programId, profile: { ssn: "1" } },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "cards: bad e-mail",
    method: "POST",
    path: "/api/v1/cards",
    auth: "key",
    body: { programId: server.seed.programId, profile: { email: "not-an-email" } },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "card read: SQL-ish id",
    method: "GET",
    path: "/api/v1/cards/'%20OR%201=1--",
    auth: "key",
    status: 404,
    code: "card-not-found",
  }),
  () => ({
    name: "card read: another merchant's card",
    method: "GET",
    path: `/api/v1/cards/${otherCard.cardId}`,
    auth: "device",
    status: 404,
    code: "card-not-found",
  }),
  () => ({
    name: "card read: no credentials",
    method: "GET",
    path: `/api/v1/cards/${card.cardId}`,
    status: 401,
    code: "unauthorized",
  }),
  // Stamps
  () => ({
    name: "stamps: no Idempotency-Key",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    body: { card: card.cardId },
    status: 400,
    code: "idempotency-key-required",
  }),
  () => ({
    name: "stamps: 300-character Idempotency-Key",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": "k".repeat(300) },
    body: { card: card.cardId },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "stamps: reused Idempotency-Key, other body",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": "used-key-1" },
    body: { card: card.cardId, count: 5 },
    status: 422,
    code: "idempotency-key-reused",
  }),
  () => ({
    name: "stamps: forged card code",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { card: forgedCode() },
    status: 422,
    code: "invalid-card-code",
  }),
  () => ({
    name: "stamps: another merchant's card code",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { card: otherCard.code },
    status: 422,
    code: "invalid-card-code",
  }),
  () => ({
    name: "stamps: truncated card code",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { card: card.code.slice(0, -10) },
    status: 422,
    code: "invalid-card-code",
  }),
  () => ({
    name: "stamps: SQL-ish card",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { card: "'; DELETE FROM cards; --" },
    status: 422,
    code: "invalid-card-code",
  }),
  () => ({
    name: "stamps: unknown card id",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { card: randomUUID() },
    status: 404,
    code: "card-not-found",
  }),
  () => ({
    name: "stamps: count 0",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { card: card.cardId, count: 0 },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "stamps: count 1001",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { card: card.cardId, count: 1001 },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "stamps: count as string",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { card: card.cardId, count: "3" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "stamps: negative amount",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { card: card.cardId, amount: -5, currency: "EUR" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "stamps: fractional amount",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { card: card.cardId, amount: 1.5, currency: "EUR" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "stamps: lowercase currency",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { card: card.cardId, amount: 100, currency: "eur" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "stamps: amount without currency",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { card: card.cardId, amount: 100 },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "stamps: unknown field",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { card: card.cardId, free: true },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "stamps: missing card",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { count: 1 },
    status: 400,
    code: "invalid-body",
  }),
  // Receipts
  () => ({
    name: "receipts: expiresAt not a time",
    method: "POST",
    path: "/api/v1/receipts",
    auth: "key",
    body: { count: 1, expiresAt: "tomorrow" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "receipts: expiresAt in the past",
    method: "POST",
    path: "/api/v1/receipts",
    auth: "key",
    body: { count: 1, expiresAt: "2001-01-01T00:00:00.000Z" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "receipts: unknown program",
    method: "POST",
    path: "/api/v1/receipts",
    auth: "key",
    body: { count: 1, programId: randomUUID() },
    status: 404,
    code: "program-not-found",
  }),
  () => ({
    name: "receipts: unknown field",
    method: "POST",
    path: "/api/v1/receipts",
    auth: "key",
    body: { count: 1, stamps: 99 },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "receipts: device token",
    method: "POST",
    path: "/api/v1/receipts",
    auth: "device",
    body: { count: 1 },
    status: 401,
    code: "invalid-api-key",
  }),
  // Text that hides or reorders what people read, and values that do not exist (SPEC V6–V8)
  ...UNSAFE_NAMES.map(
    ([what, name]) =>
      (): Case => ({
        name: `pair: name with ${what}`,
        method: "POST",
        path: "/api/v1/devices/pair",
        body: { code: "ABCDEFGH", name, mode: "kiosk" },
        status: 400,
        code: "invalid-body",
      }),
  ),
  ...UNSAFE_NAMES.map(
    ([what, name]) =>
      (): Case => ({
        name: `cards: customer name with ${what}`,
        method: "POST",
        path: "/api/v1/cards",
        auth: "key",
        body: { programId: server.seed.programId, profile: { name } },
        status: 400,
        code: "invalid-body",
      }),
  ),
  ...[[], ["x"], "Anna", 7, null].map(
    (profile) => (): Case => ({
      name: `cards: profile ${JSON.stringify(profile)} is not an object`,
      method: "POST",
      path: "/api/v1/cards",
      auth: "key",
      body: { programId: server.seed.programId, profile },
      status: 400,
      code: "invalid-body",
    }),
  ),
  ...["2026-02-30", "2023-02-29", "2026-04-31", "0000-01-01", "1899-12-31", "2026-13-01"].map(
    (birthday) => (): Case => ({
      name: `cards: birthday ${birthday} does not exist`,
      method: "POST",
      path: "/api/v1/cards",
      auth: "key",
      body: { programId: server.seed.programId, profile: { birthday } },
      status: 400,
      code: "invalid-body",
    }),
  ),
  () => ({
    name: "cards: e-mail with a line break",
    method: "POST",
    path: "/api/v1/cards",
    auth: "key",
    body: { programId: server.seed.programId, profile: { email: "a@b.test\nBcc: c@d.test" } },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "receipts: an array body is not an object",
    method: "POST",
    path: "/api/v1/receipts",
    auth: "key",
    body: [],
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "receipts: expiresAt on 30 February",
    method: "POST",
    path: "/api/v1/receipts",
    auth: "key",
    body: { count: 1, expiresAt: "2027-02-30T12:00:00.000Z" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "receipts: orderRef with a direction override",
    method: "POST",
    path: "/api/v1/receipts",
    auth: "key",
    body: { count: 1, orderRef: "A-1\u202e7-B" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "stamps: orderRef with a control character",
    method: "POST",
    path: "/api/v1/stamps",
    auth: "key",
    headers: { "idempotency-key": randomUUID() },
    body: { card: card.cardId, count: 1, orderRef: "A-1\u0000" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "programs: a name with a control character",
    method: "PUT",
    path: `/api/v1/programs/${server.seed.programId}`,
    auth: "key",
    body: { ...program, name: "Coffee\u0007card" },
    status: 400,
    code: "invalid-body",
  }),
  () => ({
    name: "programs: a prize title with a direction override",
    method: "PUT",
    path: `/api/v1/programs/${server.seed.programId}`,
    auth: "key",
    body: { ...program, reward: { kind: "simple", title: "\u202eeerf" } },
    status: 400,
    code: "invalid-body",
  }),
  ...["2", 1.5, 0, -1, null].map(
    (version) => (): Case => ({
      name: `programs: version ${JSON.stringify(version)} is not a version`,
      method: "PUT",
      path: `/api/v1/programs/${server.seed.programId}`,
      auth: "key",
      body: { ...program, version },
      status: 400,
      code: "invalid-body",
    }),
  ),
  ...["2026-02-30T10:00:00.000Z", "2026-11-22T24:00:00.000Z", "yesterday"].map(
    (at) => (): Case => ({
      name: `web card: redemption dated ${at}`,
      method: "POST",
      path: `/c/${card.cardId}/vouchers/1/redeem`,
      body: { id: "0190a6f0-0000-7000-8000-000000000001", at, confirmed: true },
      status: 400,
      code: "invalid-body",
    }),
  ),
  // Anything else
  () => ({
    name: "unknown API route",
    method: "GET",
    path: "/api/v1/nothing-here",
    status: 404,
    code: "not-found",
  }),
  () => ({
    name: "wrong method on sync",
    method: "DELETE",
    path: "/api/v1/sync",
    auth: "device",
    status: 404,
    code: "not-found",
  }),
];

function credential(auth: Case["auth"]): string | undefined {
  switch (auth) {
    case undefined:
      return undefined;
    case "device":
      return device.token;
    case "revoked-device":
      return revokedDevice.token;
    case "key":
      return key;
    case "revoked-key":
      return revokedKey;
    case "other-key":
      return otherKey;
    default:
      return auth;
  }
}

describe("malformed requests", () => {
  it("has at least 50 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it.each(cases.map((make, i) => [i, make] as const))(
    "case %i answers 4xx and changes nothing",
    async (_, make) => {
      const c = make();
      const before = await snapshot();
      const token = credential(c.auth);
      const reply = await call(server, c.method ?? "GET", c.path, {
        ...(token === undefined ? {} : { token }),
        ...(c.raw === undefined ? {} : { raw: c.raw }),
        ...(c.body === undefined ? {} : { body: c.body }),
        ...(c.headers ? { headers: c.headers } : {}),
      });
      expect({ name: c.name, status: reply.status, code: reply.json?.error?.code }).toEqual({
        name: c.name,
        status: c.status,
        code: c.code,
      });
      expect(typeof reply.json.error.message).toBe("string");
      expect(await snapshot(), c.name).toBe(before);
    },
  );

  it("refuses names that hide text, impossible dates and versionless program forms in every form", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const stored = await server.services.store.getProgram(
      server.seed.merchantId,
      server.seed.programId,
    );
    if (!stored) throw new Error("no demo program");
    const programPath = `/admin/programs/${server.seed.programId}`;
    const programForm = {
      ...programFormValues(stored.program),
      _version: String(stored.program.version),
    };
    const join = await fetch(`${server.url}/join/${server.seed.programSlug}`);
    const joinCookie = (join.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const joinCsrf = /name="csrf" value="([^"]+)"/.exec(await join.text())?.[1] ?? "";
    const joinWith = (fields: Record<string, string>) =>
      fetch(`${server.url}/join/${server.seed.programSlug}`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: joinCookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrf: joinCsrf, consent: "yes", ...fields }).toString(),
      }).then(async (r) => ({ status: r.status, html: await r.text() }));
    const attempts: [string, () => Promise<{ status: number; html: string }>][] = [
      // A form cannot carry a lone surrogate: the browser sends U+FFFD in its place.
      ...UNSAFE_NAMES.filter(([what]) => what !== "a lone surrogate").flatMap(
        ([what, name]): typeof attempts => [
          [
            `location name with ${what}`,
            () =>
              browser.submit("/admin/locations", "/admin/locations", {
                name,
                pin: "2468",
                confirm: "2468",
              }),
          ],
          [
            `API key name with ${what}`,
            () => browser.submit("/admin/api-keys", "/admin/api-keys", { name }),
          ],
          [
            `program name with ${what}`,
            () => browser.submit(programPath, programPath, { ...programForm, name }),
          ],
          [
            `block reason with ${what}`,
            () =>
              browser.submit(`/admin/cards/${card.cardId}`, `/admin/cards/${card.cardId}/block`, {
                reason: name,
              }),
          ],
          [
            `lock-screen text with ${what}`,
            () =>
              browser.submit(
                "/admin/locations",
                `/admin/locations/${server.seed.locationId}/coordinates`,
                { latitude: "52.52", longitude: "13.40", relevantText: name },
              ),
          ],
          [`customer name with ${what} on the join page`, () => joinWith({ name })],
        ],
      ),
      ...["", "abc", "1.5", "-1", "0", "1e3", "0x1", "99999999999999999999"].map(
        (version): (typeof attempts)[number] => [
          `program form version ${JSON.stringify(version)}`,
          () => browser.submit(programPath, programPath, { ...programForm, _version: version }),
        ],
      ),
      ...["2026-02-30", "2023-02-29", "0000-01-01"].map((birthday): (typeof attempts)[number] => [
        `birthday ${birthday} on the join page`,
        () => joinWith({ birthday }),
      ]),
    ];
    for (const [what, attempt] of attempts) {
      const before = await snapshot();
      const reply = await attempt();
      expect.soft(reply.status, what).toBe(422);
      expect.soft(await snapshot(), what).toBe(before);
      // Whatever was sent, the page that answers holds no raw control character.
      expect.soft(withoutControlCharacters(reply.html) === reply.html, what).toBe(true);
    }
  });

  it("keeps pages as unchanged by forged forms and bad claims", async () => {
    const before = await snapshot();
    const browser = await AdminBrowser.signedIn(server);
    const forged = await browser.post("/admin/api-keys", { name: "forged" });
    expect(forged.status).toBe(403);
    const forgedProgram = await browser.post(`/admin/programs/${server.seed.programId}`, {
      name: "Hacked",
      _csrf: "guess",
    });
    expect(forgedProgram.status).toBe(403);
    const claim = await fetch(`${server.url}/r/${receiptToken}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ card: "' OR 1=1 --" }).toString(),
    });
    expect(claim.status).toBe(422);
    const garbageReceipt = await fetch(`${server.url}/r/..%2f..%2fadmin`, { method: "POST" });
    expect(garbageReceipt.status).toBe(404);
    expect(await snapshot()).toBe(before);
  });
});
