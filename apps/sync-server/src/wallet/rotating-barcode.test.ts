import { randomUUID } from "node:crypto";
import {
  decodeBase64url,
  ROTATING_CODE,
  rotatingCardKey,
  rotatingTotp,
  TOTP_VALUE_FIELD,
} from "@stamp/core";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anotherMerchant, apiKey, call, enroll, pairingCode } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { rotateBarcodeSecret } from "../secrets/rotate-barcode-secret";
import { ROTATED_SECRET_GRACE_MS } from "../secrets/rotating-barcode-keys";

const PERIOD_MS = ROTATING_CODE.periodSeconds * 1000;

/** The Google object a card's save link carries (what Google is told to draw). */
async function googleObject(server: TestServer, cardId: string) {
  const response = await fetch(`${server.url}/c/${cardId}/google-wallet`, { redirect: "manual" });
  const jwt = (response.headers.get("location") ?? "").split("/save/")[1] ?? "";
  // biome-ignore lint/suspicious/noExplicitAny: the test reads the JWT payload by field
  const payload = decodeJwt(jwt).payload as any;
  return payload.loyaltyObjects[0];
}

/** What the phone shows at `atMs` for the object's rotating barcode, as Google computes it. */
function phoneShows(
  object: {
    rotatingBarcode: { valuePattern: string; totpDetails: { parameters: { key: string }[] } };
  },
  atMs: number,
): string {
  const key = Buffer.from(object.rotatingBarcode.totpDetails.parameters[0]?.key ?? "", "hex");
  return object.rotatingBarcode.valuePattern.replace(
    TOTP_VALUE_FIELD,
    rotatingTotp(new Uint8Array(key), atMs),
  );
}

describe.each(DATABASES)("Google rotating barcode (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let clock = Date.parse("2026-12-05T17:00:00Z");

  const stamp = (card: string) =>
    call(server, "POST", "/api/v1/stamps", {
      token: key,
      body: { card },
      headers: { "idempotency-key": randomUUID() },
    });

  beforeAll(async () => {
    server = await startTestServer({
      database,
      publicUrl: "https://stamp.example",
      now: () => clock,
    });
    key = await apiKey(server, server.seed);
    const record = await server.services.store.getProgram(
      server.seed.merchantId,
      server.seed.programId,
    );
    if (!record) throw new Error("no demo program");
    const rotating = { ...record.program, version: 2, wallet: { rotatingBarcode: true } };
    await server.services.store.updateProgram(rotating, 1, clock);
  });
  afterAll(() => server.close());

  it("P8, K9: the Google object carries a TOTP rotating barcode of the card code, no still one", async () => {
    const card = await enroll(server, key, server.seed.programId);
    const object = await googleObject(server, card.cardId);
    expect(object.barcode).toBeUndefined();
    expect(object.rotatingBarcode).toEqual({
      type: "QR_CODE",
      renderEncoding: "UTF_8",
      valuePattern: `${card.code}.T${TOTP_VALUE_FIELD}`,
      alternateText: expect.stringMatching(/^\d{3} \d{3} \d{3}$/),
      totpDetails: {
        periodMillis: "30000",
        algorithm: "TOTP_SHA1",
        parameters: [{ key: expect.stringMatching(/^[0-9a-f]{40}$/), valueLength: 8 }],
      },
    });
  });

  it("K11: the API stamps with a fresh value and refuses a screenshot's, writing nothing", async () => {
    const card = await enroll(server, key, server.seed.programId);
    const object = await googleObject(server, card.cardId);
    // The phone's clock a period behind the server's still counts.
    const fresh = await stamp(phoneShows(object, clock - PERIOD_MS));
    expect(fresh.status).toBe(200);
    expect(fresh.json).toMatchObject({ cardId: card.cardId, stamps: 1 });
    const before = await server.dump(["events"]);
    const screenshot = await stamp(phoneShows(object, clock - 3 * PERIOD_MS));
    expect(screenshot.status).toBe(422);
    expect(screenshot.json.error.code).toBe("card-code-expired");
    expect(screenshot.json.error.message).toMatch(/open the card in Google Wallet/);
    expect(await server.dump(["events"])).toEqual(before);
    // The still card code keeps working (Apple cards, printed codes).
    expect((await stamp(card.code)).json.stamps).toBe(2);
  });

  it("K10: tills get their own merchant's secrets and derive each card's key from them", async () => {
    const card = await enroll(server, key, server.seed.programId);
    const object = await googleObject(server, card.cardId);
    const paired = await call(server, "POST", "/api/v1/devices/pair", {
      body: { code: await pairingCode(server, server.seed), name: "Till", mode: "kiosk" },
    });
    expect(paired.status).toBe(201);
    const secrets: { kid: string; key: string }[] = paired.json.rotatingBarcodeKeys;
    expect(secrets).toHaveLength(1);
    const secret = decodeBase64url(secrets[0]?.key ?? "") as Uint8Array;
    expect(Buffer.from(rotatingCardKey(secret, card.cardId)).toString("hex")).toBe(
      object.rotatingBarcode.totpDetails.parameters[0].key,
    );
    const other = await anotherMerchant(server, "Other shop");
    const otherTill = await call(server, "POST", "/api/v1/devices/pair", {
      body: { code: await pairingCode(server, other), name: "Till", mode: "kiosk" },
    });
    expect(otherTill.json.rotatingBarcodeKeys[0].key).not.toBe(secrets[0]?.key);
  });

  it("K10: a rotated secret reaches Google and the tills; the old one verifies through its grace period", async () => {
    const card = await enroll(server, key, server.seed.programId);
    const issued = await googleObject(server, card.cardId);
    const pass = await server.services.wallet.store.getPass(card.cardId);
    const kid = await rotateBarcodeSecret(
      server.services.rotatingKeys,
      server.services.wallet.store,
      server.seed.merchantId,
      clock,
    );
    expect((await server.services.wallet.store.getPass(card.cardId))?.updateSeq).toBeGreaterThan(
      pass?.updateSeq ?? Number.POSITIVE_INFINITY,
    );
    const reissued = await googleObject(server, card.cardId);
    expect(reissued.rotatingBarcode.totpDetails.parameters[0].key).not.toBe(
      issued.rotatingBarcode.totpDetails.parameters[0].key,
    );
    const me = await call(server, "POST", "/api/v1/devices/pair", {
      body: { code: await pairingCode(server, server.seed), name: "Till 2", mode: "kiosk" },
    });
    expect(me.json.rotatingBarcodeKeys.map((k: { kid: string }) => k.kid)[0]).toBe(kid);
    expect(me.json.rotatingBarcodeKeys).toHaveLength(2);
    // A phone not yet patched shows the old key's values: still good within the grace period.
    expect((await stamp(phoneShows(issued, clock))).status).toBe(200);
    expect((await stamp(phoneShows(reissued, clock))).status).toBe(200);
    clock += ROTATED_SECRET_GRACE_MS + PERIOD_MS;
    const late = await stamp(phoneShows(issued, clock));
    expect(late.json.error?.code).toBe("card-code-expired");
    expect((await stamp(phoneShows(reissued, clock))).status).toBe(200);
  });
});
