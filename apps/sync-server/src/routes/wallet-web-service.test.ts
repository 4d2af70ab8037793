import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, call } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

/**
 * Apple's "Wallet Passes web service" reference, call by call: register (201 new, 200 already, 401
 * bad token), serial numbers for a device (200 with serialNumbers + lastUpdated, 204 none), latest
 * pass (200 with Last-Modified, 304 If-Modified-Since, 401), unregister (200, 401), log (200).
 */
let server: TestServer;
let key: string;
const PASS_TYPE = "pass.dev.stamp.loyalty";
const DEVICE = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
const PUSH_TOKEN = "ab".repeat(32);

async function newCard(): Promise<{ cardId: string; code: string; token: string }> {
  const reply = await call(server, "POST", "/api/v1/cards", {
    token: key,
    body: { programId: server.seed.programId },
  });
  const pass = await server.services.wallet.store.getPass(reply.json.cardId);
  if (!pass) throw new Error("no pass row");
  return { cardId: reply.json.cardId, code: reply.json.code, token: pass.authToken };
}

const stamp = (card: string) =>
  call(server, "POST", "/api/v1/stamps", {
    token: key,
    body: { card },
    headers: { "idempotency-key": randomUUID() },
  });

const ws = (
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) =>
  fetch(`${server.url}/wallet/v1/${path}`, {
    method,
    headers: {
      ...(options.token === undefined ? {} : { authorization: `ApplePass ${options.token}` }),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });

const registration = (cardId: string, passType = PASS_TYPE, device = DEVICE) =>
  `devices/${device}/registrations/${passType}/${cardId}`;

describe.each(DATABASES)("PassKit web service (%s)", (database) => {
  beforeAll(async () => {
    server = await startTestServer({ database });
    key = await apiKey(server, server.seed);
  });
  afterAll(() => server.close());

  it("registers a device: 201 new, 200 again, 401 without the pass's token", async () => {
    const card = await newCard();
    const body = { pushToken: PUSH_TOKEN };
    expect((await ws("POST", registration(card.cardId), { body })).status).toBe(401);
    expect(
      (await ws("POST", registration(card.cardId), { body, token: "x".repeat(32) })).status,
    ).toBe(401);
    const other = await newCard();
    expect((await ws("POST", registration(card.cardId), { body, token: other.token })).status).toBe(
      401,
    );
    expect((await ws("POST", registration(card.cardId), { body, token: card.token })).status).toBe(
      201,
    );
    expect((await ws("POST", registration(card.cardId), { body, token: card.token })).status).toBe(
      200,
    );
    expect(await server.services.wallet.store.registrationsOf(card.cardId)).toHaveLength(1);
  });

  it("answers 404 for another pass type id", async () => {
    const card = await newCard();
    const body = { pushToken: PUSH_TOKEN };
    expect(
      (await ws("POST", registration(card.cardId, "pass.com.other"), { body, token: card.token }))
        .status,
    ).toBe(404);
    expect(
      (await ws("GET", `passes/pass.com.other/${card.cardId}`, { token: card.token })).status,
    ).toBe(404);
    expect((await ws("GET", `devices/${DEVICE}/registrations/pass.com.other`)).status).toBe(404);
  });

  it("lists serials updated since a tag: 200 with serialNumbers and lastUpdated, else 204", async () => {
    const device = randomUUID().replaceAll("-", "");
    const card = await newCard();
    expect((await ws("GET", `devices/${device}/registrations/${PASS_TYPE}`)).status).toBe(204);
    await ws("POST", registration(card.cardId, PASS_TYPE, device), {
      body: { pushToken: PUSH_TOKEN },
      token: card.token,
    });
    const all = await ws("GET", `devices/${device}/registrations/${PASS_TYPE}`);
    expect(all.status).toBe(200);
    const first = (await all.json()) as { serialNumbers: string[]; lastUpdated: string };
    expect(first.serialNumbers).toEqual([card.cardId]);
    // Per merchant: the newest version of its passes this device was told about.
    expect(first.lastUpdated).toMatch(new RegExp(`^${server.seed.merchantId}~\\d+$`));

    const since = `devices/${device}/registrations/${PASS_TYPE}?passesUpdatedSince=${first.lastUpdated}`;
    expect((await ws("GET", since)).status).toBe(204);

    expect((await stamp(card.code)).status).toBe(200);
    const changed = await ws("GET", since);
    expect(changed.status).toBe(200);
    const second = (await changed.json()) as { serialNumbers: string[]; lastUpdated: string };
    expect(second.serialNumbers).toEqual([card.cardId]);
    const version = (tag: string) => Number(tag.split("~")[1]);
    expect(version(second.lastUpdated)).toBeGreaterThan(version(first.lastUpdated));
  });

  it("sends the latest pass with its own Last-Modified, 304 when unchanged, 401 without the token", async () => {
    const card = await newCard();
    const path = `passes/${PASS_TYPE}/${card.cardId}`;
    expect((await ws("GET", path)).status).toBe(401);
    expect((await ws("GET", path, { token: "y".repeat(32) })).status).toBe(401);

    const first = await ws("GET", path, { token: card.token });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/vnd.apple.pkpass");
    const lastModified = first.headers.get("last-modified") ?? "";
    const pass = await server.services.wallet.store.getPass(card.cardId);
    expect(lastModified).toBe(new Date(pass?.updatedAt ?? 0).toUTCString());

    const unchanged = await ws("GET", path, {
      token: card.token,
      headers: { "if-modified-since": lastModified },
    });
    expect(unchanged.status).toBe(304);

    expect((await stamp(card.code)).status).toBe(200);
    const changed = await ws("GET", path, {
      token: card.token,
      headers: { "if-modified-since": lastModified },
    });
    expect(changed.status).toBe(200);
    const newer = Date.parse(changed.headers.get("last-modified") ?? "");
    expect(newer).toBeGreaterThan(Date.parse(lastModified));
  });

  it("unregisters: 200 with the token, 401 without", async () => {
    const card = await newCard();
    await ws("POST", registration(card.cardId), {
      body: { pushToken: PUSH_TOKEN },
      token: card.token,
    });
    expect((await ws("DELETE", registration(card.cardId))).status).toBe(401);
    expect((await ws("DELETE", registration(card.cardId), { token: card.token })).status).toBe(200);
    expect(await server.services.wallet.store.registrationsOf(card.cardId)).toEqual([]);
  });

  it("accepts device logs with 200", async () => {
    const reply = await ws("POST", "log", { body: { logs: ["Could not fetch pass: timeout"] } });
    expect(reply.status).toBe(200);
  });
});
