import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { anotherMerchant, call, enroll, startPosTestServer } from "../../test/fixtures";
import { createAdmin } from "../admin/create-admin";

const { server, key } = await startPosTestServer();
const { programId } = server.seed;

async function cardWithReward() {
  const card = await enroll(server, key, programId);
  const goal = (await call(server, "GET", `/api/v1/programs/${programId}`, { token: key })).json
    .goal;
  const stamped = await call(server, "POST", "/api/v1/stamps", {
    token: key,
    body: { card: card.cardId, count: goal },
    headers: { "idempotency-key": randomUUID() },
  });
  expect(stamped.json.rewardsReady).toBe(1);
  return card;
}

describe("staff hand a reward over from the admin card page", () => {
  it("asks for confirmation and a reason, hands it over once, and refuses a second time", async () => {
    const card = await cardWithReward();
    const browser = await AdminBrowser.signedIn(server);
    const page = await browser.get(`/admin/cards/${card.cardId}`);
    expect(page.html).toContain(`href="/admin/cards/${card.cardId}/vouchers/1"`);
    const confirm = await browser.get(`/admin/cards/${card.cardId}/vouchers/1`);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain("Hand over “Free coffee”?");
    expect(confirm.html).toContain("cannot be undone");
    const path = `/admin/cards/${card.cardId}/vouchers/1`;
    const noReason = await browser.submit(path, path, {});
    expect(noReason.status).toBe(422);
    expect(noReason.html).toContain("Give a reason");
    const done = await browser.submit(path, path, { reason: "Till offline, paper receipt" });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/admin/cards/${card.cardId}?notice=redeemed`);
    const state = await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key });
    expect(state.json.vouchers[0]).toMatchObject({ status: "redeemed", redeemMethod: "handover" });
    // The reason lives in the audit entry with the event's id, and shows beside it in the history.
    const history = await browser.get(`/admin/cards/${card.cardId}`);
    expect(history.html).toMatch(
      /Reward[^<]*handed over[\s\S]*?By hand: Till offline, paper receipt/,
    );
    const again = await browser.submit(path, path, { reason: "again" });
    expect(again.status).toBe(409);
    expect(again.html).toContain("Not redeemed: this voucher was redeemed at");
  });

  it("needs the session's CSRF token and never reaches another merchant's card", async () => {
    const card = await cardWithReward();
    const browser = await AdminBrowser.signedIn(server);
    const path = `/admin/cards/${card.cardId}/vouchers/1`;
    expect((await browser.post(path, { _csrf: "forged" })).status).toBe(403);
    const other = await anotherMerchant(server, "Other Bakery");
    await createAdmin(server.services, {
      email: "owner@bakery.test",
      password: "bakery-password-1",
      merchantId: other.merchantId,
    });
    const stranger = await AdminBrowser.signedIn(server, "owner@bakery.test", "bakery-password-1");
    expect((await stranger.get(path)).status).toBe(404);
    const state = await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key });
    expect(state.json.vouchers[0].status).toBe("issued");
  });
});
