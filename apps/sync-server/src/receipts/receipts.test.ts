import { randomUUID } from "node:crypto";
import { formatCardNumber } from "@stamp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anotherMerchant, apiKey, call, enroll, posTestServer } from "../../test/fixtures";
import { DATABASES, type TestServer } from "../../test/test-server";
import { sha256 } from "../secrets/random-token";

let server: TestServer;
let key: string;

const claim = (token: string, card: string) =>
  fetch(`${server.url}/r/${token}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ card }).toString(),
  }).then(async (r) => ({ status: r.status, html: await r.text() }));

async function newReceipt(body: Record<string, unknown> = { count: 2 }) {
  const reply = await call(server, "POST", "/api/v1/receipts", { token: key, body });
  expect(reply.status).toBe(201);
  return reply.json as { id: string; url: string; token: string; count: number; expiresAt: string };
}

describe.each(DATABASES)("receipt QR claims (%s)", (database) => {
  beforeAll(async () => {
    ({ server, key } = await posTestServer(database));
  });
  afterAll(() => server.close());

  it("creates an unguessable receipt link", async () => {
    const receipt = await newReceipt({ count: 2, orderRef: "R-77" });
    expect(receipt.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(receipt.url).toBe(`${server.services.publicUrl}/r/${receipt.token}`);
    expect(receipt.count).toBe(2);
    const page = await fetch(`${server.url}/r/${receipt.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await page.text();
    expect(html).toMatch(/^<!doctype html><html lang="en" dir="ltr">/);
    expect(html).toContain("Stamps on this receipt from <bdi>Demo Coffee</bdi>: 2");
    expect(html).toContain("Join now and collect");
    expect(html).toContain('name="card"');
  });

  it("lets exactly one of many concurrent claims win", async () => {
    const receipt = await newReceipt({ count: 2 });
    const card = await enroll(server, key, server.seed.programId);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => claim(receipt.token, card.code)),
    );
    const won = results.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    expect(won[0]?.html).toContain("Stamps added to your card: 2");
    expect(won[0]?.html).toContain("2 of 10 stamps");
    for (const lost of results.filter((r) => r.status !== 200)) {
      expect(lost.status).toBe(410);
      expect(lost.html).toContain("This receipt was already used on");
    }
    const state = await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key });
    expect(state.json.stamps).toBe(2);
    const again = await fetch(`${server.url}/r/${receipt.token}`);
    expect(again.status).toBe(410);
  });

  it("asks again, plainly, for a code that is not a card of this merchant", async () => {
    const receipt = await newReceipt();
    const bad = await claim(receipt.token, "S1.nope.garbage.sig");
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('aria-invalid="true"');
    const other = await anotherMerchant(server, "Elsewhere Bakery");
    const otherCard = await enroll(server, await apiKey(server, other), other.programId);
    const foreign = await claim(receipt.token, otherCard.code);
    expect(foreign.status).toBe(422);
    expect(foreign.html).toContain("That is not a card number of this shop.");
    const unknownId = await claim(receipt.token, randomUUID());
    expect(unknownId.html).toContain(
      "We could not find that card. Check the number and try again.",
    );
    // A number with a typo (stamp-core SPEC N4) is refused before any lookup.
    const card = await enroll(server, key, server.seed.programId);
    const typo = `${card.number.slice(0, 8)}${(Number(card.number[8]) + 1) % 10}`;
    expect((await claim(receipt.token, typo)).status).toBe(422);
    // The receipt is still there for the right card, by its number as printed this time.
    expect((await claim(receipt.token, formatCardNumber(card.number))).status).toBe(200);
  });

  it("says plainly when a receipt expired or never existed", async () => {
    const now = Date.now();
    const token = "expired-token-0123456789abcdef";
    await server.services.store.createReceipt(
      {
        id: randomUUID(),
        merchantId: server.seed.merchantId,
        programId: server.seed.programId,
        tokenHash: sha256(token),
        count: 1,
        amount: null,
        currency: null,
        orderRef: null,
        createdAt: now - 10_000,
        expiresAt: now - 1000,
        claimedAt: null,
        cardId: null,
      },
      () => ({ status: 201, body: "{}" }),
    );
    const expired = await fetch(`${server.url}/r/${token}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("This receipt expired on");
    const card = await enroll(server, key, server.seed.programId);
    expect((await claim(token, card.code)).status).toBe(410);
    const unknown = await fetch(`${server.url}/r/no-such-receipt-token-000000`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("This link is not a valid receipt.");
  });

  it("keeps the receipt when the card refuses the stamps", async () => {
    const card = await enroll(server, key, server.seed.programId);
    const blockKey = randomUUID();
    const { serverEvent } = await import("../events/server-event");
    const { admitEvent } = await import("../sync/admission");
    const blocked = await serverEvent(server.services, server.seed.merchantId, "card.blocked", {
      programId: server.seed.programId,
      cardId: card.cardId,
      reason: "lost card",
    });
    await server.services.store.appendServerEvent(
      { merchantId: server.seed.merchantId, events: [blocked], admit: admitEvent, now: Date.now() },
      () => ({ status: 200, body: blockKey }),
    );
    const receipt = await newReceipt({ count: 1 });
    const refused = await claim(receipt.token, card.code);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("This card was blocked by <bdi>Demo Coffee</bdi>.");
    expect((await fetch(`${server.url}/r/${receipt.token}`)).status).toBe(200);
  });
});
