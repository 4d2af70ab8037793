import { importCardCodeKeys, readCardCode } from "@stamp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, call, enroll, pairingCode } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

let server: TestServer;

const pair = (code: string, mode = "kiosk") =>
  call(server, "POST", "/api/v1/devices/pair", { body: { code, name: "Front till", mode } });

/** What the kiosk does offline: PBKDF2-SHA256 with WebCrypto over the typed PIN. */
async function pinMatches(
  pin: string,
  staffPin: { salt: string; iterations: number; hash: string },
) {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await subtle.deriveBits(
    {
      name: "PBKDF2",
      hash: "SHA-256",
      salt: Buffer.from(staffPin.salt, "base64url"),
      iterations: staffPin.iterations,
    },
    key,
    256,
  );
  return Buffer.from(bits).toString("base64url") === staffPin.hash;
}

describe.each(DATABASES)("device pairing (%s)", (database) => {
  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(() => server.close());

  it("pairs with a code once and hands over everything the device needs offline", async () => {
    const code = await pairingCode(server, server.seed);
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    const reply = await pair(`${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`);
    expect(reply.status).toBe(201);
    const config = reply.json;
    expect(config).toMatchObject({
      merchant: { id: server.seed.merchantId, name: "Demo Coffee" },
      location: { id: server.seed.locationId, name: "Main counter" },
      name: "Front till",
      mode: "kiosk",
    });
    expect(typeof config.token).toBe("string");
    expect(config.programs).toHaveLength(1);
    expect(config.programs[0]).toMatchObject({
      id: server.seed.programId,
      goal: 10,
      reward: { kind: "simple", title: "Free coffee" },
    });
    expect(Math.abs(Date.parse(config.serverTime) - Date.now())).toBeLessThan(5000);
    expect(await pinMatches(server.seed.staffPin, config.staffPin)).toBe(true);
    expect(await pinMatches("000000x", config.staffPin)).toBe(false);

    // The JWKS verifies card codes offline, the way the kiosk will.
    const key = await apiKey(server, server.seed);
    const card = await enroll(server, key, server.seed.programId);
    const ring = await importCardCodeKeys(config.jwks, globalThis.crypto.subtle);
    const verified = await readCardCode(
      card.code,
      ring,
      server.seed.merchantId,
      globalThis.crypto.subtle,
    );
    expect(verified).toMatchObject({ ok: true, cardId: card.cardId });
    // And the merchant's rotating-barcode secret, for Google cards' rotating barcodes (SPEC K10).
    expect(config.rotatingBarcodeKeys).toEqual([
      { kid: expect.any(String), key: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) },
    ]);
    for (const jwk of config.jwks.keys) expect(jwk.d).toBeUndefined();

    const me = await call(server, "GET", "/api/v1/devices/me", { token: config.token });
    expect(me.status).toBe(200);
    const { token: _token, serverTime: _a, ...rest } = config;
    const { serverTime: _b, ...meRest } = me.json;
    expect(meRest).toEqual(rest);

    const again = await pair(code);
    expect(again.status).toBe(410);
    expect(again.json.error.code).toBe("pairing-code-used");
  });

  it("refuses unknown and expired codes", async () => {
    const unknown = await pair("ZZZZZZZZ");
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe("pairing-code-unknown");

    const now = Date.now();
    await server.services.store.createPairingCode({
      code: "EXPJRED2",
      merchantId: server.seed.merchantId,
      locationId: server.seed.locationId,
      createdAt: now - 16 * 60_000,
      expiresAt: now - 60_000,
    });
    const expired = await pair("EXPJRED2");
    expect(expired.status).toBe(410);
    expect(expired.json.error.code).toBe("pairing-code-expired");
  });

  it("lets exactly one of many simultaneous claims of a code win", async () => {
    const code = await pairingCode(server, server.seed);
    const replies = await Promise.all(Array.from({ length: 8 }, () => pair(code)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 410)).toHaveLength(7);
  });

  it("makes codes that last 15 minutes", async () => {
    const { createPairingCode } = await import("./create-pairing-code");
    const created = await createPairingCode(server.services, server.seed);
    if (!created.ok) throw new Error(created.reason);
    expect(created.expiresAt - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(created.expiresAt - Date.now()).toBeLessThanOrEqual(15 * 60_000);
  });
});
