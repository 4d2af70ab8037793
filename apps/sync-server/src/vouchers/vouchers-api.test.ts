import { randomUUID } from "node:crypto";
import { type Reward, signVoucherScanCode } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { call, enroll, startPosTestServer, TestDevice } from "../../test/fixtures";

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

const generated: Reward = {
  kind: "voucher",
  title: "Free croissant",
  redemption: { method: "code", format: "text", code: { kind: "generated" } },
};

const stamp = (card: string, count: number) =>
  call(server, "POST", "/api/v1/stamps", {
    token: key,
    body: { card, count },
    headers: { "idempotency-key": randomUUID() },
  });

const redeem = (body: unknown, idempotencyKey: string | null = randomUUID()) =>
  call(server, "POST", "/api/v1/vouchers/redeem", {
    token: key,
    body,
    headers: idempotencyKey === null ? {} : { "idempotency-key": idempotencyKey },
  });

/** A card with one voucher ready under the current program; returns the card and the voucher. */
async function cardWithVoucher(goal = 2) {
  const card = await enroll(server, key, programId);
  const stamped = await stamp(card.cardId, goal);
  expect(stamped.status, stamped.text).toBe(200);
  const voucher = stamped.json.vouchers[0];
  expect(voucher.status).toBe("issued");
  return { card, voucher };
}

async function scanCode(voucherId: string): Promise<string> {
  const keys = await server.services.cardKeys.forMerchant(merchantId);
  return signVoucherScanCode({ voucherId, programId }, keys.signer, globalThis.crypto.subtle);
}

describe("vouchers API", () => {
  it("redeems a generated code once per Idempotency-Key; the same code again is 409 with when and where", async () => {
    await useReward(generated);
    const { card, voucher } = await cardWithVoucher();
    expect(voucher.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);

    const looked = await call(server, "GET", `/api/v1/vouchers/${voucher.code}`, { token: key });
    expect(looked.status).toBe(200);
    expect(looked.json.voucher).toMatchObject({
      id: voucher.id,
      status: "issued",
      cardId: card.cardId,
    });

    expect((await redeem({ code: voucher.code }, null)).json.error.code).toBe(
      "idempotency-key-required",
    );
    const idem = randomUUID();
    const first = await redeem({ code: voucher.code.toLowerCase() }, idem);
    expect(first.status, first.text).toBe(200);
    expect(first.json.voucher).toMatchObject({
      id: voucher.id,
      status: "redeemed",
      kind: "voucher",
      title: "Free croissant",
      code: voucher.code,
      redeemMethod: "pos",
      redeemedWhere: { device: expect.any(String), location: null },
    });
    expect(first.json.card).toMatchObject({ cardId: card.cardId, rewardsReady: 0 });
    // A retry with the same key is the same answer, and redeems nothing more.
    const retry = await redeem({ code: voucher.code.toLowerCase() }, idem);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);

    const again = await redeem({ code: voucher.code });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({
      code: "voucher-already-redeemed",
      voucher: {
        id: voucher.id,
        status: "redeemed",
        redeemedAt: first.json.voucher.redeemedAt,
        redeemedWhere: first.json.voucher.redeemedWhere,
      },
    });
    const history = await server.services.store.cardHistory(merchantId, card.cardId);
    expect(history.filter((e) => e.event.type === "voucher.redeemed")).toHaveLength(1);
  });

  it("answers 404 for a code nobody holds and 400 for a body without one", async () => {
    expect((await redeem({ code: "ZZZZZZZZ" })).json.error.code).toBe("voucher-not-found");
    expect((await redeem({ code: "ZZZZZZZZ" })).status).toBe(404);
    expect((await call(server, "GET", "/api/v1/vouchers/ZZZZ", { token: key })).status).toBe(404);
    const empty = await redeem({ code: "  " });
    expect(empty.status).toBe(400);
    expect(empty.json.error.code).toBe("invalid-body");
  });

  it("30 redemptions of one code at once: exactly one wins, 29 are told it was redeemed", async () => {
    await useReward(generated);
    const { card, voucher } = await cardWithVoucher();
    const replies = await Promise.all(
      Array.from({ length: 30 }, () => redeem({ code: voucher.code })),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(29);
    const history = await server.services.store.cardHistory(merchantId, card.cardId);
    expect(history.filter((e) => e.event.type === "voucher.redeemed")).toHaveLength(1);
    const state = await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key });
    expect(state.json.conflicts).toBe(0);
  });

  it("a signed scan code (staff-scan) redeems its voucher, in either case; a simple reward is handed over", async () => {
    await useReward({ kind: "simple", title: "Free coffee" });
    const { card, voucher } = await cardWithVoucher();
    const code = await scanCode(voucher.id);
    expect(code).toMatch(/^V1[A-Z2-7]{143}$/);
    const reply = await redeem({ code: code.toLowerCase() });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.voucher).toMatchObject({ status: "redeemed", redeemMethod: "handover" });
    const history = await server.services.store.cardHistory(merchantId, card.cardId);
    expect(history.at(-1)?.event.type).toBe("reward.handed_over");
    const forged = `${code.slice(0, 30)}${code[30] === "A" ? "B" : "A"}${code.slice(31)}`;
    const refused = await redeem({ code: forged });
    expect(refused.status).toBe(422);
    expect(refused.json.error.code).toBe("invalid-voucher-code");
  });

  it("an expired voucher is 410", async () => {
    await useReward({ ...generated, validDays: 1 });
    const till = await TestDevice.pair(server);
    const card = await enroll(server, key, programId);
    const twoDaysAgo = Date.now() - 2 * 86_400_000;
    const stamps = [till.stamp(card.cardId, 2, "staff", twoDaysAgo)];
    const version = (await call(server, "GET", `/api/v1/programs/${programId}`, { token: key }))
      .json.version;
    for (const s of stamps) s.programVersion = version;
    expect((await till.sync(stamps)).json.accepted).toHaveLength(1);
    const state = await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key });
    expect(state.json.vouchers[0].status).toBe("expired");
    const reply = await redeem({ code: state.json.vouchers[0].code });
    expect(reply.status).toBe(410);
    expect(reply.json.error.code).toBe("voucher-expired");
  });

  it("a voucher redeemed on two offline tills: both events are kept, the first wins, the second is flagged, and the API refuses a third", async () => {
    await useReward(generated);
    const { card, voucher } = await cardWithVoucher();
    const [a, b] = await Promise.all([TestDevice.pair(server), TestDevice.pair(server)]);
    const at = Date.now();
    // Both tills were offline: each redeemed the voucher it knew was issued, then synced.
    const first = a.event(
      "voucher.redeemed",
      card.cardId,
      { voucherId: voucher.id, method: "staff" },
      at,
    );
    const second = b.event(
      "voucher.redeemed",
      card.cardId,
      { voucherId: voucher.id, method: "staff" },
      at + 1000,
    );
    expect((await b.sync([second])).json.accepted).toEqual([second.id]);
    expect((await a.sync([first])).json.accepted).toEqual([first.id]);
    const state = await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key });
    expect(state.json.conflicts).toBe(1);
    const looked = await call(server, "GET", `/api/v1/vouchers/${voucher.code}`, { token: key });
    expect(looked.json.voucher).toMatchObject({
      status: "redeemed",
      redeemedBy: first.id,
      redeemedWhere: { deviceId: a.deviceId },
    });
    const third = await redeem({ code: voucher.code });
    expect(third.status).toBe(409);
    expect(third.json.error.voucher.redeemedWhere.deviceId).toBe(a.deviceId);
  });

  it("a fixed code many cards share needs the card", async () => {
    await useReward({
      kind: "voucher",
      title: "10% off",
      redemption: {
        method: "code",
        format: "ean13",
        code: { kind: "fixed", value: "4006381333931" },
      },
    });
    const one = await cardWithVoucher();
    await cardWithVoucher();
    const ambiguous = await redeem({ code: "4006381333931" });
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.json.error.code).toBe("card-required");
    const named = await redeem({ code: "4006381333931", card: one.card.code });
    expect(named.status, named.text).toBe(200);
    expect(named.json.voucher).toMatchObject({ cardId: one.card.cardId, status: "redeemed" });
  });
});
