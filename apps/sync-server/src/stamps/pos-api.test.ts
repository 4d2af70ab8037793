import { randomUUID } from "node:crypto";
import { cardNumberFor, formatCardNumber } from "@stamp/core";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anotherMerchant,
  apiKey,
  call,
  enroll,
  newApiKey,
  posTestServer,
} from "../../test/fixtures";
import { DATABASES, type TestServer } from "../../test/test-server";

let server: TestServer;
let key: string;

const stamp = (body: unknown, idempotencyKey: string | null = randomUUID(), token = key) =>
  call(server, "POST", "/api/v1/stamps", {
    token,
    body,
    headers: idempotencyKey === null ? {} : { "idempotency-key": idempotencyKey },
  });

describe.each(DATABASES)("POS / API (%s)", (database) => {
  beforeAll(async () => {
    ({ server, key } = await posTestServer(database));
  });
  afterAll(() => server.close());

  it("K6, N2: enrols a card with a number, a compact signed code, its state, and its wallet links", async () => {
    const reply = await call(server, "POST", "/api/v1/cards", {
      token: key,
      body: {
        programId: server.seed.programId,
        profile: { name: "Ada", email: "ada@example.com" },
      },
    });
    expect(reply.status).toBe(201);
    // stamp-core SPEC K7: upper-case base32 in a QR of at most 41×41 modules at level M.
    expect(reply.json.code).toMatch(/^C1[A-Z2-7]{143}$/);
    expect(QRCode.create(reply.json.code, { errorCorrectionLevel: "M" }).modules.size).toBe(41);
    expect(reply.json.number).toBe(cardNumberFor(reply.json.cardId));
    expect(reply.json.state).toMatchObject({
      cardId: reply.json.cardId,
      stamps: 0,
      goal: 10,
      cycles: 0,
      vouchers: [],
    });
    const base = server.services.publicUrl;
    expect(reply.json.links).toEqual({
      card: `${base}/c/${reply.json.cardId}`,
      applePass: `${base}/passes/${reply.json.cardId}.pkpass`,
      googleSave: `${base}/c/${reply.json.cardId}/google-wallet`,
    });
    const card = await server.services.store.getCard(server.seed.merchantId, reply.json.cardId);
    expect(card?.profile).toEqual({ name: "Ada", email: "ada@example.com" });
  });

  it("stamps by card code or id, once per Idempotency-Key", async () => {
    const card = await enroll(server, key, server.seed.programId);
    const idem = randomUUID();
    const first = await stamp({ card: card.code, orderRef: "T-1001" }, idem);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ cardId: card.cardId, stamps: 1, added: { count: 1 } });
    const retry = await stamp({ orderRef: "T-1001", card: card.code }, idem);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    const reused = await stamp({ card: card.code, orderRef: "T-1002" }, idem);
    expect(reused.status).toBe(422);
    expect(reused.json.error.code).toBe("idempotency-key-reused");
    const byId = await stamp({ card: card.cardId, count: 3 });
    expect(byId.json.stamps).toBe(4);
    const state = await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key });
    expect(state.json.lifetimeStamps).toBe(4);
    // By its number as printed (N4), and by its code read with the letters' case changed (K7).
    const number = formatCardNumber(card.number);
    const byNumber = await stamp({ card: number });
    expect(byNumber.json).toMatchObject({ cardId: card.cardId, stamps: 5, number: card.number });
    expect((await stamp({ card: card.code.toLowerCase() })).json.stamps).toBe(6);
    const found = await call(server, "GET", `/api/v1/cards/${card.number}`, { token: key });
    expect(found.json).toMatchObject({ cardId: card.cardId, number: card.number });
    const typo = `${card.number.slice(0, 8)}${(Number(card.number[8]) + 1) % 10}`;
    const mistyped = await stamp({ card: typo });
    expect(mistyped.status).toBe(422);
    expect(mistyped.json.error.message).toMatch(/mistyped/);
  });

  it("runs concurrent retries of one key into a single stamp", async () => {
    const card = await enroll(server, key, server.seed.programId);
    const idem = randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => stamp({ card: card.cardId }, idem)),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(new Set(replies.map((r) => r.json.added.eventId)).size).toBe(1);
    const state = await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key });
    expect(state.json.stamps).toBe(1);
  });

  it("needs an Idempotency-Key for stamps", async () => {
    const card = await enroll(server, key, server.seed.programId);
    const reply = await stamp({ card: card.cardId }, null);
    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe("idempotency-key-required");
  });

  it("earns by amount under a by-amount program", async () => {
    const merchant = await anotherMerchant(server, "Amount Bakery");
    const amountKey = await apiKey(server, merchant);
    const record = await server.services.store.getProgram(merchant.merchantId, merchant.programId);
    if (!record) throw new Error("no program");
    const byAmount = {
      ...record.program,
      version: 2,
      earning: { kind: "by-amount" as const, unitAmount: 500, currency: "EUR" },
    };
    expect(await server.services.store.updateProgram(byAmount, 1, Date.now())).toBe(true);
    const card = await enroll(server, amountKey, merchant.programId);
    const ok = await stamp({ card: card.code, amount: 1299 }, randomUUID(), amountKey);
    expect(ok.json).toMatchObject({ stamps: 2, added: { count: 2 } });
    const cases: [unknown, string][] = [
      [{ card: card.code }, "amount-required"],
      [{ card: card.code, amount: 499 }, "below-minimum"],
      [{ card: card.code, amount: 1000, currency: "USD" }, "currency-mismatch"],
    ];
    for (const [body, code] of cases) {
      const reply = await stamp(body, randomUUID(), amountKey);
      expect(reply.status).toBe(422);
      expect(reply.json.error.code).toBe(code);
    }
  });

  it("keeps merchants apart: another merchant's key sees no card", async () => {
    const card = await enroll(server, key, server.seed.programId);
    const other = await anotherMerchant(server, "Rival Roasters");
    const otherKey = await apiKey(server, other);
    const read = await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: otherKey });
    expect(read.status).toBe(404);
    const byId = await stamp({ card: card.cardId }, randomUUID(), otherKey);
    expect(byId.json.error.code).toBe("card-not-found");
    const byCode = await stamp({ card: card.code }, randomUUID(), otherKey);
    expect(byCode.json.error.code).toBe("invalid-card-code");
    const enrol = await call(server, "POST", "/api/v1/cards", {
      token: otherKey,
      body: { programId: server.seed.programId },
    });
    expect(enrol.json.error.code).toBe("program-not-found");
  });

  it("refuses a revoked API key", async () => {
    const created = await newApiKey(server, server.seed, "old till");
    await server.services.store.revokeApiKey(server.seed.merchantId, created.id, Date.now());
    const reply = await call(server, "GET", `/api/v1/cards/${randomUUID()}`, {
      token: created.key,
    });
    expect(reply.status).toBe(401);
    expect(reply.json.error.code).toBe("api-key-revoked");
  });
});
