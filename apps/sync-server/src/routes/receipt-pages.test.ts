import { describe, expect, it } from "vitest";
import { call, enroll, startPosTestServer } from "../../test/fixtures";

const { server, key } = await startPosTestServer();
const { programId } = server.seed;

const newReceipt = async (count = 2) => {
  const reply = await call(server, "POST", "/api/v1/receipts", { token: key, body: { count } });
  expect(reply.status).toBe(201);
  return reply.json as { token: string };
};

const get = (path: string, cookie = "", headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers: { cookie, ...headers }, redirect: "manual" });

const post = (path: string, fields: Record<string, string>, cookie = "") =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

/** The `name=value` of each cookie a response sets, with its attributes. */
const setCookies = (response: Response) => response.headers.getSetCookie();
const cookiePair = (header: string | undefined) => (header ?? "").split(";")[0] ?? "";

describe("receipt claim page", () => {
  it("adds the stamps to the card this browser holds, remembered when the web card was opened", async () => {
    const card = await enroll(server, key, programId);
    const opened = await get(`/c/${card.cardId}`);
    const remembered = setCookies(opened).find((c) => c.startsWith(`stamp_card_${programId}=`));
    expect(remembered).toContain(`stamp_card_${programId}=${card.cardId}`);
    expect(remembered).toContain("Path=/r");
    expect(remembered).toContain("HttpOnly");
    expect(remembered).toContain("SameSite=Lax");
    const cookie = cookiePair(remembered);

    const receipt = await newReceipt(2);
    const page = await (await get(`/r/${receipt.token}`, cookie)).text();
    expect(page).toContain("Your card on this phone: 0 of 10 stamps");
    expect(page).toContain('data-testid="use-my-card"');
    expect(page).not.toContain('data-testid="join-now"');

    // Without the cookie the same button names no card, and nothing is claimed.
    const stranger = await post(`/r/${receipt.token}`, { use: "this-phone" });
    expect(stranger.status).toBe(422);

    const claimed = await post(`/r/${receipt.token}`, { use: "this-phone" }, cookie);
    expect(claimed.status).toBe(200);
    const html = await claimed.text();
    expect(html).toContain("Stamps added to your card: 2");
    expect(html).toContain(`/c/${card.cardId}?lang=en`);
    expect(html).toContain(`/passes/${card.cardId}.pkpass`);
    expect(html).toContain(`/c/${card.cardId}/google-wallet`);
    const state = await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key });
    expect(state.json.stamps).toBe(2);
  });

  it("joins a newcomer with one tap and puts the receipt's stamps on the new card", async () => {
    const receipt = await newReceipt(3);
    const page = await get(`/r/${receipt.token}`);
    const html = await page.text();
    expect(html).toContain('data-testid="join-now"');
    const csrfCookie = setCookies(page).find((c) => c.startsWith("stamp_join="));
    expect(csrfCookie).toContain("Path=/r");
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const before = await server.services.store.merchantStats(server.seed.merchantId, 0);

    const forged = await post(
      `/r/${receipt.token}/join`,
      { csrf: "forged" },
      cookiePair(csrfCookie),
    );
    expect(forged.status).toBe(403);
    const unchanged = await server.services.store.merchantStats(server.seed.merchantId, 0);
    expect(unchanged.cards).toBe(before.cards);

    const joined = await post(`/r/${receipt.token}/join`, { csrf }, cookiePair(csrfCookie));
    expect(joined.status).toBe(200);
    const done = await joined.text();
    expect(done).toContain("Stamps added to your card: 3");
    const cardId = /\/c\/([0-9a-f-]{36})\?lang=en/.exec(done)?.[1] ?? "";
    expect(setCookies(joined).some((c) => c.startsWith(`stamp_card_${programId}=${cardId}`))).toBe(
      true,
    );
    const state = await call(server, "GET", `/api/v1/cards/${cardId}`, { token: key });
    expect(state.json.stamps).toBe(3);
    const after = await server.services.store.merchantStats(server.seed.merchantId, 0);
    expect(after.cards).toBe(before.cards + 1);

    // The receipt is used: a second tap makes no card and says so.
    const again = await post(`/r/${receipt.token}/join`, { csrf }, cookiePair(csrfCookie));
    expect(again.status).toBe(410);
    const last = await server.services.store.merchantStats(server.seed.merchantId, 0);
    expect(last.cards).toBe(after.cards);
  });

  it("speaks the program's languages in its colours, right-to-left in Hebrew", async () => {
    const path = `/api/v1/programs/${programId}`;
    const current = await call(server, "GET", path, { token: key });
    const saved = await call(server, "PUT", path, {
      token: key,
      body: { ...current.json, locales: ["he", "en"] },
    });
    expect(saved.status, saved.text).toBe(200);
    const receipt = await newReceipt(1);
    const html = await (await get(`/r/${receipt.token}`, "", { "accept-language": "fr" })).text();
    expect(html).toContain('<html lang="he" dir="rtl"');
    expect(html).toContain("--card-bg:#3b2417");
    expect(html).toContain("<bdi>Demo Coffee</bdi>");
    expect([...html.matchAll(/\?lang=(\w+)" lang=/g)].map((m) => m[1])).toEqual(["he", "en"]);
    const english = await (await get(`/r/${receipt.token}?lang=en`)).text();
    expect(english).toContain("Collect your stamps");
  });
});
