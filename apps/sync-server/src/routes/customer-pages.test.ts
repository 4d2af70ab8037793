import { randomUUID } from "node:crypto";
import { formatCardNumber } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { call, startPosTestServer } from "../../test/fixtures";
import { roomyRateLimits, startTestServer } from "../../test/test-server";
import { TokenBuckets } from "../http/token-bucket";

const { server, key } = await startPosTestServer();

const page = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers, redirect: "manual" });

/** Opens the join page like a browser: its CSRF cookie and the token of its form. */
async function openJoin(): Promise<{ cookie: string; csrf: string }> {
  const response = await page("/join/demo-coffee");
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const html = await response.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  return { cookie, csrf };
}

const submit = (session: { cookie: string }, fields: Record<string, string>) =>
  fetch(`${server.url}/join/demo-coffee`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

/** Saves the demo program with these languages (and name); returns what it was. */
async function editProgram(changes: Record<string, unknown>): Promise<Record<string, unknown>> {
  const path = `/api/v1/programs/${server.seed.programId}`;
  const current = await call(server, "GET", path, { token: key });
  const saved = await call(server, "PUT", path, {
    token: key,
    body: { ...current.json, ...changes },
  });
  expect(saved.status, saved.text).toBe(200);
  return current.json;
}

/** The languages the page's switcher offers, in order. */
const switcher = (html: string) =>
  [...html.matchAll(/<a href="[^"]*\?lang=(\w+)" lang="\w+" hreflang="\w+"/g)].map((m) => m[1]);

describe("join page", () => {
  it("speaks the visitor's language: Accept-Language, ?lang=, right-to-left Hebrew", async () => {
    const before = await editProgram({ locales: ["en", "de", "he", "kk"] });
    const english = await (await page("/join/demo-coffee")).text();
    expect(english).toContain('<html lang="en" dir="ltr"');
    expect(english).toContain("Get my card");
    const german = await (
      await page("/join/demo-coffee", { "accept-language": "de-CH,de;q=0.9" })
    ).text();
    expect(german).toContain('lang="de"');
    expect(german).toContain("Karte holen");
    const hebrew = await (await page("/join/demo-coffee", { "accept-language": "he" })).text();
    expect(hebrew).toContain('<html lang="he" dir="rtl"');
    const kazakh = await (await page("/join/demo-coffee?lang=kk")).text();
    expect(kazakh).toContain('lang="kk"');
    expect(kazakh).toContain("Картаны алу");
    await editProgram({ locales: before.locales });
  });

  it("offers only the program's languages, the first when the phone speaks none of them", async () => {
    const before = await editProgram({ locales: ["de", "he", "fr"] });
    const hebrew = await (await page("/join/demo-coffee", { "accept-language": "he" })).text();
    expect(hebrew).toContain('<html lang="he" dir="rtl"');
    // French has no texts yet: offered are the program's languages we can speak.
    expect(switcher(hebrew)).toEqual(["de", "he"]);
    const english = await (
      await page("/join/demo-coffee?lang=en", { "accept-language": "en" })
    ).text();
    expect(english).toContain('<html lang="de" dir="ltr"');
    await editProgram({ locales: ["en"] });
    const only = await (await page("/join/demo-coffee", { "accept-language": "he" })).text();
    expect(only).toContain('<html lang="en" dir="ltr"');
    expect(only).not.toContain('class="lang"');
    await editProgram({ locales: before.locales });
  });

  it("isolates the program's and shop's names from the sentence around them", async () => {
    const before = await editProgram({ name: "כרטיס קפה", locales: ["en", "he"] });
    const english = await (await page("/join/demo-coffee?lang=en")).text();
    expect(english).toContain("<h1>Join <bdi>כרטיס קפה</bdi></h1>");
    expect(english).toContain('<p class="card__merchant"><bdi>Demo Coffee</bdi></p>');
    const hebrew = await (await page("/join/demo-coffee?lang=he")).text();
    expect(hebrew).toContain("<bdi>Demo Coffee</bdi>");
    expect(hebrew).toContain('name="name" autocomplete="name" maxlength="100" dir="auto"');
    await editProgram({ name: before.name, locales: before.locales });
  });

  it("shows the card preview and a friendly 404 for an unknown program", async () => {
    const html = await (await page("/join/demo-coffee")).text();
    expect(html).toMatch(/<svg[^>]*viewBox/);
    expect(html).toContain("Free coffee");
    const missing = await page("/join/no-such-program");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("This stamp card does not exist");
  });

  it("refuses a form without its CSRF token and creates nothing", async () => {
    const session = await openJoin();
    const before = await server.services.store.merchantStats(server.seed.merchantId, 0);
    expect((await submit(session, { csrf: "forged" })).status).toBe(403);
    expect((await submit({ cookie: "" }, { csrf: session.csrf })).status).toBe(403);
    const after = await server.services.store.merchantStats(server.seed.merchantId, 0);
    expect(after.cards).toBe(before.cards);
  });

  it("asks for consent before keeping details", async () => {
    const session = await openJoin();
    const reply = await submit(session, { csrf: session.csrf, email: "ada@example.com" });
    expect(reply.status).toBe(422);
    expect(await reply.text()).toContain("Tick the box");
  });

  it("enrols with consent: profile kept server-side, none of it in the event log", async () => {
    const session = await openJoin();
    const reply = await submit(session, {
      csrf: session.csrf,
      name: "Ada",
      email: "ada@example.com",
      birthday: "1990-04-30",
      consent: "yes",
    });
    expect(reply.status).toBe(303);
    const location = reply.headers.get("location") ?? "";
    expect(location).toMatch(/^\/c\/[0-9a-f-]{36}\?lang=en$/);
    const cardId = location.slice(3, 39);
    const card = await server.services.store.getCard(server.seed.merchantId, cardId);
    expect(card?.profile).toMatchObject({
      name: "Ada",
      email: "ada@example.com",
      birthday: "1990-04-30",
    });
    expect(card?.profile?.consentedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const history = await server.services.store.cardHistory(server.seed.merchantId, cardId);
    expect(history.map((e) => e.event.type)).toEqual(["card.enrolled"]);
    expect(history[0]?.event).toMatchObject({ source: "join-page" });
    expect(JSON.stringify(history)).not.toMatch(/Ada|example\.com|1990/);
  });

  it("limits new cards per address", async () => {
    const limited = await startTestServer({
      limits: { ...roomyRateLimits(), join: new TokenBuckets(1, 0.001) },
    });
    try {
      const open = async () => {
        const response = await fetch(`${limited.url}/join/demo-coffee`);
        return {
          cookie: (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
          csrf: /name="csrf" value="([^"]+)"/.exec(await response.text())?.[1] ?? "",
        };
      };
      const post = async () => {
        const session = await open();
        return fetch(`${limited.url}/join/demo-coffee`, {
          method: "POST",
          redirect: "manual",
          headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ csrf: session.csrf }).toString(),
        });
      };
      expect((await post()).status).toBe(303);
      const refused = await post();
      expect(refused.status).toBe(429);
      expect(await refused.text()).toContain("Too many new cards from here");
    } finally {
      await limited.close();
    }
  });

  it("enrols without any details", async () => {
    const session = await openJoin();
    const reply = await submit(session, { csrf: session.csrf });
    expect(reply.status).toBe(303);
  });
});

describe("web card", () => {
  async function enrolled(): Promise<{ cardId: string; code: string; number: string }> {
    const reply = await call(server, "POST", "/api/v1/cards", {
      token: key,
      body: { programId: server.seed.programId },
    });
    return reply.json;
  }

  it("shows the QR code, the card number (SPEC N1), progress and wallet buttons", async () => {
    const card = await enrolled();
    const response = await page(`/c/${card.cardId}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("0 of 10 stamps");
    expect(html).toContain(`<bdi data-testid="card-number">${formatCardNumber(card.number)}</bdi>`);
    // The 145 characters are in the QR, not printed for people to copy.
    expect(html).not.toContain(card.code);
    expect(html).toContain(`href="${server.services.publicUrl}/passes/${card.cardId}.pkpass"`);
    expect(html).toContain("Add to");
    expect(html).toContain("Save to Google Wallet");
    expect(html).toContain(`rel="manifest" href="/c/${card.cardId}/manifest.webmanifest?lang=en"`);
    expect(html).toContain('http-equiv="refresh"');
  });

  it("has a small state endpoint with ETag that changes with a stamp", async () => {
    const card = await enrolled();
    const first = await page(`/c/${card.cardId}/state`);
    const etag = first.headers.get("etag") ?? "";
    expect(await first.json()).toMatchObject({ stamps: 0, goal: 10 });
    expect((await page(`/c/${card.cardId}/state`, { "if-none-match": etag })).status).toBe(304);
    await call(server, "POST", "/api/v1/stamps", {
      token: key,
      body: { card: card.code },
      headers: { "idempotency-key": randomUUID() },
    });
    const changed = await page(`/c/${card.cardId}/state`, { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ stamps: 1 });
  });

  it("is installable: a per-card manifest and a service worker scoped to /c/", async () => {
    const card = await enrolled();
    const manifest = await (await page(`/c/${card.cardId}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({
      start_url: `/c/${card.cardId}?lang=en`,
      display: "standalone",
    });
    const worker = await page("/c/sw.js");
    expect(worker.headers.get("content-type")).toMatch(/javascript/);
    expect(worker.headers.get("service-worker-allowed")).toBe("/c/");
  });

  it("answers an unknown card with a friendly 404", async () => {
    const missing = await page(`/c/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("We could not find this card");
    expect((await page("/c/not-a-card")).status).toBe(404);
  });
});
