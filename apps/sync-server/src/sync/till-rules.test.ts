import { describe, expect, it } from "vitest";
import { call, enroll, startPosTestServer, TestDevice } from "../../test/fixtures";

const { server, key } = await startPosTestServer();

async function card(cardId: string) {
  return (await call(server, "GET", `/api/v1/cards/${cardId}`, { token: key })).json;
}

const codes = (reply: { json: { rejected: { code: string }[] } }) =>
  reply.json.rejected.map((r) => r.code);

describe("a till may only do what a till does", () => {
  it("refuses the server's channels, event types and redemption methods from a device", async () => {
    const till = await TestDevice.pair(server, server.seed, "kiosk");
    const { cardId } = await enroll(server, key, server.seed.programId);
    const refused = [
      till.stamp(cardId, 1000, "pos"),
      till.stamp(cardId, 1, "api"),
      till.stamp(cardId, 1, "receipt"),
      till.event("card.enrolled", cardId, { source: "kiosk" }),
      till.event("card.blocked", cardId, { reason: "mine now" }),
      till.event("card.unblocked", cardId),
    ];
    const reply = await till.sync(refused);
    expect(codes(reply)).toEqual(refused.map(() => "server-only"));
    expect(reply.json.accepted).toEqual([]);
    expect(await card(cardId)).toMatchObject({ lifetimeStamps: 0, blocked: false });
  });

  it("P6, R7: one scan adds at most the program's most stamps per scan, by channel", async () => {
    const till = await TestDevice.pair(server, server.seed, "staff");
    const { cardId } = await enroll(server, key, server.seed.programId);
    const t0 = Date.now();
    const staffMax = till.stamp(cardId, 10, "staff", t0);
    const reply = await till.sync([
      till.stamp(cardId, 11, "staff", t0 + 1),
      staffMax,
      till.stamp(cardId, 2, "kiosk", t0 + 2),
      till.stamp(cardId, 1000, "autopilot", t0 + 3),
    ]);
    expect(reply.json.accepted).toEqual([staffMax.id]);
    expect(codes(reply)).toEqual(["scan-cap", "scan-cap", "scan-cap"]);
    expect(reply.json.rejected[0].message).toContain("10");
    expect((await card(cardId)).lifetimeStamps).toBe(10);
  });

  it("a kiosk cannot give one card thousands of stamps", async () => {
    const kiosk = await TestDevice.pair(server, server.seed, "kiosk");
    const { cardId } = await enroll(server, key, server.seed.programId);
    const t0 = Date.now();
    const attempts = [
      ...["pos", "api", "receipt", "staff", "kiosk", "autopilot"].map((channel, i) =>
        kiosk.stamp(cardId, 1000, channel, t0 + i),
      ),
    ];
    await kiosk.sync(attempts);
    expect((await card(cardId)).lifetimeStamps).toBe(0);
  });

  it("refuses a revocation of anything but a stamp of the same card", async () => {
    const till = await TestDevice.pair(server, server.seed, "staff");
    const other = await TestDevice.pair(server, server.seed, "staff");
    const a = await enroll(server, key, server.seed.programId);
    const b = await enroll(server, key, server.seed.programId);
    const stampA = till.stamp(a.cardId, 3);
    const stampB = till.stamp(b.cardId, 2);
    const redeemless = till.event("card.blocked", a.cardId, { reason: "x" });
    await till.sync([stampA, stampB]);
    const undo = (cardId: string, targetId: string) =>
      till.event("stamps.revoked", cardId, { targetId, reason: "undo" });
    const enrolled = (await other.sync([], null)).json.events.find(
      (e: { type: string; cardId: string }) => e.type === "card.enrolled" && e.cardId === a.cardId,
    );
    const good = undo(a.cardId, stampA.id);
    const reply = await till.sync([
      undo(a.cardId, stampB.id), // another card's stamp
      undo(a.cardId, "01900000-0000-7000-8000-0000000000ff"), // nothing
      undo(a.cardId, enrolled.id), // not a stamp
      undo(a.cardId, redeemless.id), // never stored
      good,
    ]);
    expect(codes(reply)).toEqual([
      "revoke-target-unknown",
      "revoke-target-unknown",
      "revoke-target-unknown",
      "revoke-target-unknown",
    ]);
    expect(reply.json.accepted).toEqual([good.id]);
    expect((await card(a.cardId)).lifetimeStamps).toBe(0);
    expect((await card(b.cardId)).lifetimeStamps).toBe(2);
    expect((await card(a.cardId)).conflicts).toBe(0);
  });

  it("a revocation may name a stamp sent earlier in the same batch", async () => {
    const till = await TestDevice.pair(server, server.seed, "staff");
    const { cardId } = await enroll(server, key, server.seed.programId);
    const stamp = till.stamp(cardId, 2);
    const undo = till.event("stamps.revoked", cardId, { targetId: stamp.id, reason: "undo" });
    const reply = await till.sync([stamp, undo]);
    expect(reply.json.accepted).toEqual([stamp.id, undo.id]);
    expect((await card(cardId)).lifetimeStamps).toBe(0);
  });

  it("refuses a redemption, hand-over or reveal of a voucher the card has not earned", async () => {
    const till = await TestDevice.pair(server, server.seed, "staff");
    const { cardId } = await enroll(server, key, server.seed.programId);
    const other = await enroll(server, key, server.seed.programId);
    await till.sync([till.stamp(cardId, 10), till.stamp(other.cardId, 10)]);
    const attempts = [
      till.event("voucher.redeemed", cardId, { voucherId: `${cardId}:2`, method: "staff" }),
      till.event("reward.handed_over", cardId, { voucherId: `${cardId}:9` }),
      till.event("voucher.revealed", cardId, { voucherId: `${cardId}:3` }),
      // Another card's voucher, which that card has earned.
      till.event("reward.handed_over", cardId, { voucherId: `${other.cardId}:1` }),
    ];
    const handOver = till.event("reward.handed_over", cardId, { voucherId: `${cardId}:1` });
    const reply = await till.sync([...attempts, handOver]);
    expect(codes(reply)).toEqual(attempts.map(() => "voucher-not-found"));
    expect(reply.json.accepted).toEqual([handOver.id]);
    const state = await card(cardId);
    expect(state.conflicts).toBe(0);
    expect(state.vouchers[0].status).toBe("redeemed");
    expect((await card(other.cardId)).vouchers[0].status).toBe("issued");
  });

  it("a redemption may use a voucher earned by a late stamp in the same batch", async () => {
    const a = await TestDevice.pair(server, server.seed, "staff");
    const b = await TestDevice.pair(server, server.seed, "staff");
    const { cardId } = await enroll(server, key, server.seed.programId);
    const t0 = Date.now() - 60_000;
    await a.sync([a.stamp(cardId, 5, "staff", t0 + 30_000)]);
    // An offline till stamped before a's stamp, then redeemed what the two earned together.
    const late = b.stamp(cardId, 5, "staff", t0);
    const redeem = b.event("reward.handed_over", cardId, { voucherId: `${cardId}:1` }, t0 + 40_000);
    const reply = await b.sync([late, redeem]);
    expect(reply.json.accepted).toEqual([late.id, redeem.id]);
    expect((await card(cardId)).vouchers[0].status).toBe("redeemed");
  });

  it("a redemption of a voucher redeemed elsewhere is kept and flagged, not refused", async () => {
    const a = await TestDevice.pair(server, server.seed, "staff");
    const b = await TestDevice.pair(server, server.seed, "staff");
    const { cardId } = await enroll(server, key, server.seed.programId);
    await a.sync([a.stamp(cardId, 10)]);
    const first = a.event("reward.handed_over", cardId, { voucherId: `${cardId}:1` });
    const second = b.event("reward.handed_over", cardId, { voucherId: `${cardId}:1` });
    expect((await a.sync([first])).json.accepted).toEqual([first.id]);
    expect((await b.sync([second])).json.accepted).toEqual([second.id]);
    expect((await card(cardId)).conflicts).toBe(1);
  });

  it("H5: refuses events dated before 2000 or more than a day ahead; a small drift is accepted", async () => {
    const till = await TestDevice.pair(server, server.seed, "staff");
    const { cardId } = await enroll(server, key, server.seed.programId);
    const now = Date.now();
    // Made in time order: a device's own clock never goes back (H2).
    const reset = till.stamp(cardId, 1, "staff", Date.parse("1999-12-31T23:00:00.000Z"));
    const drifting = till.stamp(cardId, 1, "staff", now + 3_600_000);
    const tomorrow = till.stamp(cardId, 1, "staff", now + 25 * 3_600_000);
    const future = till.stamp(cardId, 1, "staff", Date.parse("2099-01-01T00:00:00.000Z"));
    const reply = await till.sync([reset, drifting, tomorrow, future]);
    expect(codes(reply)).toEqual([
      "device-clock-wrong",
      "device-clock-wrong",
      "device-clock-wrong",
    ]);
    expect(reply.json.rejected[0].message).toContain("clock is wrong");
    expect(reply.json.accepted).toEqual([drifting.id]);
    expect((await card(cardId)).lifetimeStamps).toBe(1);
    // The server's own clock did not follow the device: its next stamp is dated now.
    const made = await call(server, "POST", "/api/v1/stamps", {
      token: key,
      body: { card: cardId, count: 1 },
      headers: { "idempotency-key": `clock-${cardId}` },
    });
    expect(made.status).toBeLessThan(300);
    const history = (await till.sync([], null)).json.events.filter(
      (e: { cardId: string; deviceId: string }) =>
        e.cardId === cardId && e.deviceId !== till.deviceId,
    );
    const newest = history.at(-1) as { hlc: string };
    expect(Date.parse(newest.hlc.slice(0, 24))).toBeLessThan(Date.now() + 61_000);
  });
});
