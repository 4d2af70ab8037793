import { COMPACT_CARDS_PROTOCOL, cursorPosition, PROTOCOL_HEADER } from "@stamp/wire-protocol";
import { afterAll } from "vitest";
import { createApiKey } from "../src/api-keys/api-key";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { createMerchant } from "../src/merchants/create-merchant";
import type { Store } from "../src/storage/store";
import { DeviceEvents } from "./device-events";
import { startTestServer, type TestDatabaseKind, type TestServer } from "./test-server";

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test code reads answers by field
  readonly json: any;
}

/** Where a test's requests go: a server's origin, and how to reach it (default: global fetch). */
export interface Origin {
  readonly url: string;
  /** Another way to reach it, e.g. over the LAN HTTPS trusting the local CA (lan-https-origin.ts). */
  readonly fetch?: typeof fetch;
}

/** One HTTP request with a JSON body (or raw text), answered as status + parsed JSON. */

export async function call(
  server: Origin,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type"))
    headers["content-type"] = "application/json";
  const response = await (server.fetch ?? fetch)(`${server.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export interface Merchant {
  readonly merchantId: string;
  readonly locationId: string;
  readonly programId: string;
}

export function demoMerchant(server: TestServer): Merchant {
  return server.seed;
}

export async function anotherMerchant(server: TestServer, name: string): Promise<Merchant> {
  return createMerchant(server.services, name);
}

/** A new API key of the merchant: its id and the key itself. */
export async function newApiKey(
  server: TestServer,
  merchant: Merchant,
  name = "test",
): Promise<{ id: string; key: string }> {
  const created = await createApiKey(server.services, merchant.merchantId, name);
  if (!created.ok) throw new Error(created.reason);
  return created;
}

export async function apiKey(server: TestServer, merchant: Merchant): Promise<string> {
  return (await newApiKey(server, merchant)).key;
}

/**
 * The setup of a test file that talks to one server the way a POS does: a server, an API key for
 * its demo merchant, and the server's shutdown after the file's tests. Await it at the file's top.
 */
export async function startPosTestServer(): Promise<{ server: TestServer; key: string }> {
  const pos = await posTestServer();
  afterAll(() => pos.server.close());
  return pos;
}

/** A server on `database` with an API key for its demo merchant; the caller closes it. */
export async function posTestServer(
  database?: TestDatabaseKind,
): Promise<{ server: TestServer; key: string }> {
  const server = await startTestServer(database ? { database } : {});
  return { server, key: await apiKey(server, server.seed) };
}

/** Another location of `merchant`, in its own sync scope. */
export function newLocation(server: TestServer, merchant: Merchant, name: string) {
  return addLocation(server.services.store, merchant, name);
}

/** Another location of `merchant`, in its own sync scope, made through `store`. */
export async function addLocation(
  store: Store,
  merchant: Merchant,
  name: string,
): Promise<Merchant> {
  const locationId = crypto.randomUUID();
  await store.createLocation({
    id: locationId,
    merchantId: merchant.merchantId,
    name,
    staffPin: { salt: "c2FsdA", iterations: 1, hash: "aGFzaA" },
    createdAt: Date.now(),
    syncScope: "location",
  });
  return { ...merchant, locationId };
}

export async function pairingCode(server: TestServer, merchant: Merchant): Promise<string> {
  const created = await createPairingCode(server.services, merchant);
  if (!created.ok) throw new Error(created.reason);
  return created.code;
}

/** A paired device that makes events the way the kiosk does: UUIDv7 ids and its own HLC clock. */
/** The protocol the kiosk speaks: whole card histories, no compact cards (wire protocol 5). */
export const KIOSK_PROTOCOL = COMPACT_CARDS_PROTOCOL - 1;

export class TestDevice {
  readonly #events: DeviceEvents;
  cursor: string | null = null;

  constructor(
    readonly server: Origin,
    readonly deviceId: string,
    readonly token: string,
    readonly merchant: Merchant,
    readonly protocol: number = KIOSK_PROTOCOL,
  ) {
    this.#events = new DeviceEvents(deviceId, merchant);
  }

  /** The region membership version its cursor was read at; none outside a region scope. */
  get regionVersion(): number | undefined {
    // A cursor names its own epoch; the one handed in only dates a start cursor.
    const at = cursorPosition(this.cursor, "");
    return at !== "start-over" && at.scope === "region" ? at.region : undefined;
  }

  /**
   * A till paired with a code `server` makes, through `via` (another instance on the same
   * database, say), where its rounds then go.
   */
  static async pair(
    server: TestServer,
    merchant: Merchant = server.seed,
    mode = "kiosk",
    protocol = KIOSK_PROTOCOL,
    via: Origin = server,
  ) {
    const code = await pairingCode(server, merchant);
    const reply = await call(via, "POST", "/api/v1/devices/pair", {
      body: { code, name: "Till", mode },
    });
    if (reply.status !== 201) throw new Error(`pairing failed: ${reply.text}`);
    return new TestDevice(via, reply.json.deviceId, reply.json.token, merchant, protocol);
  }

  event(type: string, cardId: string, fields: Record<string, unknown> = {}, atMs = Date.now()) {
    return this.#events.event(type, cardId, fields, atMs);
  }

  stamp(cardId: string, count = 1, channel = "staff", atMs = Date.now()) {
    return this.event("stamps.added", cardId, { count, channel }, atMs);
  }

  /** One round; `wait`: seconds the server may hold the pull (the long-poll). */
  async sync(
    events: unknown[] = [],
    cursor: string | null = this.cursor,
    wait?: number,
  ): Promise<Reply> {
    const reply = await call(this.server, "POST", "/api/v1/sync", {
      token: this.token,
      body: { cursor, events, ...(wait === undefined ? {} : { wait }) },
      headers: { [PROTOCOL_HEADER]: String(this.protocol) },
    });
    if (reply.status === 200) this.cursor = reply.json.cursor;
    return reply;
  }

  /** Every event it pulls until the server has nothing more. */
  async pullAll(): Promise<PulledEvent[]> {
    return (await this.pullAnswers()).flatMap((reply) => reply.json.events as PulledEvent[]);
  }

  /** Every answer it is given, pulling until the server has nothing more. */
  async pullAnswers(): Promise<Reply[]> {
    const answers: Reply[] = [];
    for (;;) {
      const reply = await this.sync();
      if (reply.status !== 200) throw new Error(`pull failed: ${reply.text}`);
      answers.push(reply);
      if (!reply.json.more) return answers;
    }
  }
}

export type PulledEvent = { id: string; cardId: string; type: string };

/**
 * A server on `database` with an API key and two shops of its demo merchant, each in its own sync
 * scope (`north` is the demo location); the caller closes it.
 */
export async function twoShopServer(database: TestDatabaseKind) {
  const { server, key } = await posTestServer(database);
  const north = server.seed;
  const south = await newLocation(server, north, "South shop");
  return { server, key, north, south };
}

/** Enrols a card through the POS API; returns its id and signed code. */
export async function enroll(
  server: TestServer,
  key: string,
  programId: string,
): Promise<{ cardId: string; code: string; number: string }> {
  const reply = await call(server, "POST", "/api/v1/cards", { token: key, body: { programId } });
  if (reply.status !== 201) throw new Error(`enrolment failed: ${reply.text}`);
  return { cardId: reply.json.cardId, code: reply.json.code, number: reply.json.number };
}
