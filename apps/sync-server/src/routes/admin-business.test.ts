import { join } from "node:path";
import { openVerifiedPass, parseStrings } from "@stamp/pass-builder/testing";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, enroll } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

const PASS_TYPE = "pass.dev.stamp.loyalty";
const DEVICE = "b1b2c3d4e5f60718293a4b5c6d7e8f90";

describe.each(DATABASES)("business details (%s)", (database) => {
  let server: TestServer;
  let admin: AdminBrowser;
  let key: string;

  const ws = (method: string, path: string, token?: string, body?: unknown) =>
    fetch(`${server.url}/wallet/v1/${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `ApplePass ${token}` } : {}),
        ...(body ? { "content-type": "application/json" } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  /** The card's Apple pass as Wallet gets it from the web service, opened and verified. */
  const applePass = async (cardId: string, token: string) => {
    const response = await ws("GET", `passes/${PASS_TYPE}/${cardId}`, token);
    expect(response.status).toBe(200);
    return openVerifiedPass(
      Buffer.from(await response.arrayBuffer()),
      join(server.dataDir, "certs", "dev-ca.pem"),
    );
  };

  /** The Google object the card's save link carries. */
  const googleObject = async (cardId: string) => {
    const response = await fetch(`${server.url}/c/${cardId}/google-wallet`, { redirect: "manual" });
    const jwt = (response.headers.get("location") ?? "").split("/save/")[1] ?? "";
    // biome-ignore lint/suspicious/noExplicitAny: the test reads the JWT payload by field
    return (decodeJwt(jwt) as any).payload.loyaltyObjects[0];
  };

  beforeAll(async () => {
    server = await startTestServer({ database, publicUrl: "https://stamp.example" });
    admin = await AdminBrowser.signedIn(server);
    key = await apiKey(server, server.seed);
    const record = await server.services.store.getProgram(
      server.seed.merchantId,
      server.seed.programId,
    );
    if (!record) throw new Error("no demo program");
    const program = { ...record.program, version: 2, locales: ["en", "de", "he"] };
    await server.services.store.updateProgram(program, 1, Date.now());
  });
  afterAll(() => server.close());

  it("is a page of the admin, linked from every page, for signed-in admins only", async () => {
    const page = await admin.get("/admin/business");
    expect(page.status).toBe(200);
    expect(page.html).toContain("<h1>Business details</h1>");
    expect(page.html).toContain('type="tel"');
    expect(page.html).toContain('name="address"');
    expect((await admin.get("/admin")).html).toContain('href="/admin/business"');
    const anonymous = await fetch(`${server.url}/admin/business`, { redirect: "manual" });
    expect(anonymous.status).toBe(303);
    const forged = await admin.post("/admin/business", { phone: "+49 30 1", _csrf: "forged" });
    expect(forged.status).toBe(403);
  });

  it("refuses nonsense in words, keeping what was typed and storing nothing", async () => {
    const card = await enroll(server, key, server.seed.programId);
    const before = await server.services.wallet.store.getPass(card.cardId);
    const refused = await admin.submit("/admin/business", "/admin/business", {
      phone: "call us",
      website: "http://cafe-blue.example",
      address: "Hauptstraße 1",
    });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("That is not a phone number customers can dial");
    expect(refused.html).toContain("Use your website&#39;s secure address");
    expect(refused.html).toContain('value="call us"');
    expect(refused.html).toContain("Hauptstraße 1</textarea>");
    expect(refused.html).not.toContain("phone.invalid");
    expect(await server.services.store.getBusinessDetails(server.seed.merchantId)).toEqual({
      phone: null,
      website: null,
      address: null,
    });
    expect(await server.services.wallet.store.getPass(card.cardId)).toEqual(before);
  });

  it("a change re-issues every pass: Wallet is told, the pass back, Google, web card and join page show it", async () => {
    const card = await enroll(server, key, server.seed.programId);
    const pass = await server.services.wallet.store.getPass(card.cardId);
    if (!pass) throw new Error("no pass");
    const registered = await ws(
      "POST",
      `devices/${DEVICE}/registrations/${PASS_TYPE}/${card.cardId}`,
      pass.authToken,
      { pushToken: "cd".repeat(32) },
    );
    expect(registered.status).toBe(201);
    const listed = await ws("GET", `devices/${DEVICE}/registrations/${PASS_TYPE}`);
    const { lastUpdated } = (await listed.json()) as { lastUpdated: string };
    const since = `devices/${DEVICE}/registrations/${PASS_TYPE}?passesUpdatedSince=${lastUpdated}`;
    expect((await ws("GET", since)).status).toBe(204);

    const saved = await admin.submit("/admin/business", "/admin/business", {
      phone: " +49 30 1234 567 ",
      website: "cafe-blue.example",
      address: "Hauptstraße 1\r\n10115 Berlin",
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe("/admin/business?notice=business");
    const shown = await admin.get("/admin/business?notice=business");
    expect(shown.html).toContain("Saved. Wallet cards show the new details");
    expect(shown.html).toContain('value="https://cafe-blue.example/"');

    // The device learns the pass changed, and a push is queued for it.
    const changed = await ws("GET", since);
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { serialNumbers: string[] }).serialNumbers).toEqual([
      card.cardId,
    ]);
    expect(await server.services.wallet.store.pushJob(card.cardId)).toMatchObject({
      status: "pending",
    });

    const opened = await applePass(card.cardId, pass.authToken);
    // biome-ignore lint/suspicious/noExplicitAny: the test reads pass.json by field
    const back = (opened.passJson as any).storeCard.backFields as { key: string; value: string }[];
    expect(back.filter((field) => field.key.startsWith("contact-"))).toEqual([
      { key: "contact-phone", label: "Phone", value: "+49 30 1234 567" },
      { key: "contact-website", label: "Website", value: "https://cafe-blue.example/" },
      { key: "contact-address", label: "Address", value: "Hauptstraße 1\n10115 Berlin" },
    ]);
    const german = parseStrings(String(opened.files.get("de.lproj/pass.strings")));
    expect(german.get("Phone")).toBe("Telefon");
    expect(parseStrings(String(opened.files.get("he.lproj/pass.strings"))).get("Address")).toBe(
      "כתובת",
    );

    const object = await googleObject(card.cardId);
    expect(object.linksModuleData.uris.map((uri: { uri: string }) => uri.uri)).toEqual([
      `https://stamp.example/c/${card.cardId}`,
      "https://cafe-blue.example/",
      "tel:+49301234567",
    ]);
    expect(object.textModulesData.at(-1)).toMatchObject({
      id: "contact-address",
      body: "Hauptstraße 1\n10115 Berlin",
    });

    const webCard = await (await fetch(`${server.url}/c/${card.cardId}?lang=de`)).text();
    expect(webCard).toContain('href="tel:+49301234567"');
    expect(webCard).toContain(">cafe-blue.example</a>");
    expect(webCard).toContain('<span dir="auto">10115 Berlin</span>');
    expect(webCard).toContain("Telefon");
    const joinPage = await (await fetch(`${server.url}/join/demo-coffee?lang=he`)).text();
    expect(joinPage).toContain('href="https://cafe-blue.example/"');
    expect(joinPage).toContain("טלפון");

    // The same details saved again are no news: no new version, no spurious push.
    const again = await server.services.wallet.store.getPass(card.cardId);
    await admin.submit("/admin/business", "/admin/business", {
      phone: "+49 30 1234 567",
      website: "https://cafe-blue.example/",
      address: "Hauptstraße 1\n10115 Berlin",
    });
    expect(await server.services.wallet.store.getPass(card.cardId)).toEqual(again);
  });

  it("without details, the pages and passes show no contact section", async () => {
    await admin.submit("/admin/business", "/admin/business", {
      phone: "",
      website: "",
      address: "",
    });
    const card = await enroll(server, key, server.seed.programId);
    const webCard = await (await fetch(`${server.url}/c/${card.cardId}`)).text();
    expect(webCard).not.toContain("business-contact");
    const object = await googleObject(card.cardId);
    expect(object.linksModuleData.uris).toHaveLength(1);
  });
});
