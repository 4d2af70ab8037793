import { randomUUID } from "node:crypto";
import type { Reward } from "@stamp/core";
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import { call, enroll, startPosTestServer } from "../../test/fixtures";

const { server, key } = await startPosTestServer();
const { programId, merchantId } = server.seed;

async function useReward(reward: Reward, goal = 2): Promise<void> {
  const current = await call(server, "GET", `/api/v1/programs/${programId}`, { token: key });
  const saved = await call(server, "PUT", `/api/v1/programs/${programId}`, {
    token: key,
    body: { ...current.json, goal, reward },
  });
  expect(saved.status, saved.text).toBe(200);
}

async function cardWithVoucher(goal = 2) {
  const card = await enroll(server, key, programId);
  const stamped = await call(server, "POST", "/api/v1/stamps", {
    token: key,
    body: { card: card.cardId, count: goal },
    headers: { "idempotency-key": randomUUID() },
  });
  expect(stamped.status, stamped.text).toBe(200);
  return card;
}

const selfRedeem = (cardId: string, body: Record<string, unknown>) =>
  call(server, "POST", `/c/${cardId}/vouchers/1/redeem`, {
    body: { id: uuidv7(), at: new Date().toISOString(), confirmed: false, ...body },
  });

const page = async (cardId: string) => (await call(server, "GET", `/c/${cardId}?lang=en`)).text;

const lottery: Reward = {
  kind: "lottery",
  title: "Lucky draw",
  seed: "seed-0123456789abcdef",
  prizes: [{ id: "cake", title: "Chocolate cake", weight: 1 }],
  redemption: { method: "self" },
};

describe("vouchers on the web card", () => {
  it("shows a ready reward first, with when it was earned and until when it is valid", async () => {
    await useReward({
      kind: "voucher",
      title: "Free croissant",
      redemption: { method: "code", format: "ean13", code: { kind: "generated" } },
      validDays: 30,
    });
    const card = await cardWithVoucher();
    const html = await page(card.cardId);
    const earned = html.indexOf('data-testid="rewards-ready"');
    expect(earned).toBeGreaterThan(0);
    expect(earned).toBeLessThan(html.indexOf('class="card"'));
    expect(html).toContain("Reward earned!");
    expect(html).toMatch(/Earned [A-Z][a-z]{2} \d{1,2}, \d{4}/);
    expect(html).toMatch(/Valid until [A-Z][a-z]{2} \d{1,2}, \d{4}/);
    expect(html).toMatch(/class="barcode barcode--ean13"[^>]*><svg/);
    expect(html).toMatch(/data-testid="redeem-code">2\d{12}</);
  });

  it("a staff-scan voucher shows its own signed code as a QR, and cannot be redeemed on the card", async () => {
    await useReward({ kind: "voucher", title: "Free cake", redemption: { method: "staff" } });
    const card = await cardWithVoucher();
    expect(await page(card.cardId)).toMatch(/class="barcode barcode--qr"[^>]*><svg/);
    const reply = await selfRedeem(card.cardId, {});
    expect(reply.status).toBe(400);
    expect(reply.json.error.message).toContain("redeemed by the staff");
  });

  it("self-redeem: once, a resend is the same redemption, a second one is refused online", async () => {
    await useReward({ kind: "voucher", title: "Free tea", redemption: { method: "self" } });
    const card = await cardWithVoucher();
    expect(await page(card.cardId)).toContain('data-testid="hold-to-redeem"');
    const id = uuidv7();
    const first = await selfRedeem(card.cardId, { id });
    expect(first.status, first.text).toBe(200);
    expect(first.json.voucher).toMatchObject({ status: "redeemed", redeemMethod: "self" });
    expect((await selfRedeem(card.cardId, { id })).status).toBe(200);
    const second = await selfRedeem(card.cardId, {});
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe("voucher-already-redeemed");
    const history = await server.services.store.cardHistory(merchantId, card.cardId);
    expect(history.filter((e) => e.event.type === "voucher.redeemed")).toHaveLength(1);
    expect(await page(card.cardId)).toMatch(/data-testid="past-voucher"[\s\S]*Used /);
  });

  it("self-redeem confirmed offline on the phone is recorded when it arrives, dated when it happened", async () => {
    await useReward({
      kind: "voucher",
      title: "Free tea",
      redemption: { method: "self" },
      validDays: 1,
    });
    const card = await cardWithVoucher();
    const at = Date.now() - 3 * 3600_000;
    const reply = await selfRedeem(card.cardId, {
      at: new Date(at).toISOString(),
      confirmed: true,
    });
    expect(reply.status, reply.text).toBe(200);
    const history = await server.services.store.cardHistory(merchantId, card.cardId);
    const event = history.find((e) => e.event.type === "voucher.redeemed")?.event;
    expect(event?.hlc.startsWith(new Date(at).toISOString())).toBe(true);
    // A second phone that also redeemed it offline: kept and flagged, never silently dropped.
    const again = await selfRedeem(card.cardId, { confirmed: true });
    expect(again.status).toBe(200);
    const state = await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key });
    expect(state.json.conflicts).toBe(1);
  });

  it("a lottery prize stays hidden until revealed; the reveal is recorded once", async () => {
    await useReward(lottery);
    const card = await cardWithVoucher();
    const before = await page(card.cardId);
    expect(before).toContain("Scratch to reveal your prize");
    expect(before).not.toContain("Chocolate cake");
    const reveal = () => call(server, "POST", `/c/${card.cardId}/vouchers/1/reveal`, { body: {} });
    const first = await reveal();
    expect(first.status, first.text).toBe(200);
    expect(first.json.voucher.prize).toEqual({ id: "cake", title: "Chocolate cake" });
    expect((await reveal()).status).toBe(200);
    const history = await server.services.store.cardHistory(merchantId, card.cardId);
    expect(history.filter((e) => e.event.type === "voucher.revealed")).toHaveLength(1);
    const after = await page(card.cardId);
    expect(after).toContain("Chocolate cake");
    expect(after).toContain('data-testid="hold-to-redeem"');
  });

  it("refuses what a page's script would never send", async () => {
    await useReward({ kind: "voucher", title: "Free tea", redemption: { method: "self" } });
    const card = await cardWithVoucher();
    const form = await call(server, "POST", `/c/${card.cardId}/vouchers/1/redeem`, {
      raw: "id=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    expect((await selfRedeem(card.cardId, { id: "not-a-uuid" })).status).toBe(400);
    expect((await selfRedeem(card.cardId, { at: "yesterday" })).status).toBe(400);
    const unknown = await call(server, "POST", `/c/${randomUUID()}/vouchers/1/redeem`, {
      body: { id: uuidv7(), at: new Date().toISOString(), confirmed: false },
    });
    expect(unknown.status).toBe(404);
    const noVoucher = await call(server, "POST", `/c/${card.cardId}/vouchers/9/redeem`, {
      body: { id: uuidv7(), at: new Date().toISOString(), confirmed: false },
    });
    expect(noVoucher.status).toBe(404);
  });
});
