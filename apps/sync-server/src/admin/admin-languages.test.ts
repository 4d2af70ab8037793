import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, call, enroll, TestDevice } from "../../test/fixtures";
import { idProblems } from "../../test/html-ids";
import { startTestServer, type TestServer } from "../../test/test-server";
import { CATALOG_AREAS } from "../i18n/catalog";
import { LOCALES, type Locale, localeDirection } from "../i18n/locales";
import { staffPinHash } from "../locations/staff-pin";

let server: TestServer;
let pages: string[];
let data: Set<string>;

const ENTITIES: Readonly<Record<string, string>> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};
const decoded = (html: string) => html.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);

/** What a reader meets on a page: its text nodes and the labels of its attributes. */
function wording(html: string): string[] {
  const body = html.replace(/<(script|style)[\s\S]*?<\/\1>/g, "");
  const texts = [...body.matchAll(/>([^<]+)</g)].map((m) => m[1] as string);
  const labels = [...body.matchAll(/\s(?:aria-label|title|placeholder|alt)="([^"]*)"/g)].map(
    (m) => m[1] as string,
  );
  return [...texts, ...labels].map((text) => decoded(text).trim()).filter((text) => text !== "");
}

/**
 * English admin texts that `locale` words differently: one of them on a `locale` page is a text
 * that did not go through the admin's translator. Texts the customer catalogue also has are left
 * out (the program editor previews the pass in the program's own language).
 */
function englishOnly(locale: Locale): Map<string, string> {
  const admin = CATALOG_AREAS.admin;
  const customer = new Set<string>(Object.values(CATALOG_AREAS.customer.en));
  const english = new Map<string, string>();
  for (const [key, text] of Object.entries(admin.en))
    if (
      !text.includes("{") &&
      admin[locale][key as keyof typeof admin.en] !== text &&
      !customer.has(text)
    )
      english.set(text, key);
  return english;
}

async function inLanguage(locale: Locale): Promise<AdminBrowser> {
  const browser = await AdminBrowser.signedIn(server);
  const chosen = await browser.submit("/admin/account", "/admin/account/language", { locale });
  expect(chosen.status).toBe(303);
  return browser;
}

describe("admin pages in every language", () => {
  beforeAll(async () => {
    server = await startTestServer();
    const { merchantId, programId } = server.seed;
    await server.services.store.createLocation({
      id: randomUUID(),
      merchantId,
      name: "Second shop",
      staffPin: await staffPinHash("1357"),
      syncScope: "location",
      createdAt: Date.now(),
    });
    await TestDevice.pair(server);
    const key = await apiKey(server, server.seed);
    const card = await enroll(server, key, programId);
    const stamped = await call(server, "POST", "/api/v1/stamps", {
      token: key,
      body: { card: card.cardId, count: 2 },
      headers: { "idempotency-key": randomUUID() },
    });
    expect(stamped.status).toBe(200);
    const program = await server.services.store.getProgram(merchantId, programId);
    data = new Set([program?.program.name ?? "", program?.program.reward.title ?? ""]);
    pages = [
      "/admin",
      "/admin/programs",
      "/admin/programs/new",
      `/admin/programs/${programId}`,
      `/admin/programs/${programId}/logo`,
      "/admin/locations",
      "/admin/devices",
      "/admin/api-keys",
      "/admin/cards",
      `/admin/cards/${card.cardId}`,
      "/admin/receipts",
      "/admin/conflicts",
      "/admin/team",
      "/admin/staff",
      "/admin/audit",
      "/admin/fraud",
      "/admin/fraud/settings",
      "/admin/business",
      "/admin/webhooks",
      "/admin/campaigns",
      `/admin/campaigns/new?program=${programId}`,
      `/admin/automations?program=${programId}`,
      "/admin/account",
    ];
  });
  afterAll(() => server.close());

  it.each(LOCALES)(
    "renders every section in %s: its lang and direction, unique ids, no English left",
    async (locale) => {
      const browser = await inLanguage(locale);
      const english = englishOnly(locale);
      for (const path of pages) {
        const page = await browser.get(path);
        expect(page.status, path).toBe(200);
        expect(page.html, path).toContain(
          `<html lang="${locale}" dir="${localeDirection(locale)}">`,
        );
        expect(idProblems(page.html), path).toEqual([]);
        // The merchant's own words (the seed program is called "Stamp card") are data, not texts.
        const leaks = wording(page.html).filter((text) => english.has(text) && !data.has(text));
        expect(leaks, `${path} in ${locale}`).toEqual([]);
      }
    },
  );

  it.each(LOCALES)(
    "renders the signed-out pages in %s, from the browser's language",
    async (locale) => {
      const english = englishOnly(locale);
      for (const path of ["/admin/login", "/admin/forgot", "/admin/reset/no-such-token"]) {
        const page = await fetch(`${server.url}${path}`, {
          headers: { "accept-language": locale },
        });
        const html = await page.text();
        expect(page.status, path).toBe(200);
        expect(html, path).toContain(`<html lang="${locale}" dir="${localeDirection(locale)}">`);
        expect(idProblems(html), path).toEqual([]);
        expect(
          wording(html).filter((text) => english.has(text)),
          `${path} in ${locale}`,
        ).toEqual([]);
      }
    },
  );

  it("lays Hebrew pages out right to left, with the language names in their own language", async () => {
    const browser = await inLanguage("he");
    const account = await browser.get("/admin/account");
    expect(account.html).toContain('<html lang="he" dir="rtl">');
    expect(account.html).toContain("החשבון שלי");
    expect(account.html).toMatch(/<option value="kk"[^>]*lang="kk">Қазақша<\/option>/);
    expect(account.html).toMatch(/<option value="he" selected=""[^>]*>עברית<\/option>/);
    // The stylesheet mirrors itself: logical properties only, nothing pinned to left or right.
    const css = await fetch(
      `${server.url}${/href="(\/assets\/[^"]+\.css)"/.exec(account.html)?.[1]}`,
    );
    expect(css.status).toBe(200);
    expect(await css.text()).not.toMatch(
      /(margin|padding|border)-(left|right)|[^-](left|right)\s*:|text-align:\s*(left|right)|float:\s*(left|right)/,
    );
  });

  it("starts from the browser's language, signed out and until an account picks its own", async () => {
    const hebrew = { "accept-language": "he-IL,he;q=0.9,en;q=0.5" };
    const login = await fetch(`${server.url}/admin/login`, { headers: hebrew });
    const html = await login.text();
    expect(html).toContain('<html lang="he" dir="rtl">');
    expect(html).toContain("כניסה");
    const german = await fetch(`${server.url}/admin/forgot`, {
      headers: { "accept-language": "de" },
    });
    expect(await german.text()).toContain("Passwort vergessen?");

    const browser = await AdminBrowser.signedIn(server);
    await browser.submit("/admin/account", "/admin/account/language", { locale: "" });
    expect((await browser.get("/admin?lang=kk")).html).toContain('<html lang="kk" dir="ltr">');
    await browser.submit("/admin/account", "/admin/account/language", { locale: "de" });
    // The account's choice wins over the browser's.
    const chosen = await browser.get("/admin?lang=kk");
    expect(chosen.html).toContain('<html lang="de" dir="ltr">');
    expect(chosen.html).toContain("Übersicht");
  });

  it("formats numbers and dates for the admin's language", async () => {
    const browser = await inLanguage("de");
    const devices = await browser.get("/admin/devices");
    // A date like "06.12.2026, 00:10" (German day.month.year), never "Dec 6, 2026".
    expect(devices.html).toMatch(/\d{2}\.\d{2}\.\d{4}/);
    expect(devices.html).not.toMatch(
      /(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}/,
    );
  });
});
