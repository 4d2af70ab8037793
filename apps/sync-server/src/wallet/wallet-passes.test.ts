import { createPublicKey, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseGoogleServiceAccount } from "@stamp/pass-builder";
import { openVerifiedPass, parseStrings } from "@stamp/pass-builder/testing";
import { jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, call } from "../../test/fixtures";
import { startTestServer, type TestServer } from "../../test/test-server";

let server: TestServer;
let key: string;
let base: string;

beforeAll(async () => {
  server = await startTestServer({ publicUrl: "https://stamp.example" });
  key = await apiKey(server, server.seed);
  base = server.services.publicUrl;
  const record = await server.services.store.getProgram(
    server.seed.merchantId,
    server.seed.programId,
  );
  if (!record) throw new Error("no demo program");
  const program = { ...record.program, version: 2, locales: ["de", "en", "he"] };
  await server.services.store.updateProgram(program, 1, Date.now());
  await server.services.wallet.store.setLocationReminder(
    server.seed.merchantId,
    server.seed.locationId,
    {
      coordinates: { latitude: 52.52, longitude: 13.405 },
      relevantText: "Your coffee card, right here",
    },
    Date.now(),
  );
});
afterAll(() => server.close());

async function enrolled(): Promise<{
  cardId: string;
  code: string;
  links: Record<string, string>;
}> {
  const reply = await call(server, "POST", "/api/v1/cards", {
    token: key,
    body: { programId: server.seed.programId },
  });
  expect(reply.status).toBe(201);
  return reply.json;
}

const stamp = (card: string) =>
  call(server, "POST", "/api/v1/stamps", {
    token: key,
    body: { card },
    headers: { "idempotency-key": randomUUID() },
  });

async function download(path: string): Promise<Response> {
  return fetch(`${server.url}${new URL(path).pathname}`);
}

describe("Apple passes", () => {
  it("serves a signed pkpass whose pass.json follows the card", async () => {
    const card = await enrolled();
    expect(card.links.applePass).toBe(`${base}/passes/${card.cardId}.pkpass`);
    expect((await stamp(card.code)).status).toBe(200);
    expect((await stamp(card.code)).status).toBe(200);

    const response = await download(card.links.applePass as string);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.apple.pkpass");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename=".+\.pkpass"$/,
    );
    const opened = await openVerifiedPass(
      Buffer.from(await response.arrayBuffer()),
      join(server.dataDir, "certs", "dev-ca.pem"),
    );
    // biome-ignore lint/suspicious/noExplicitAny: the test reads pass.json by field
    const pass = opened.passJson as Record<string, any>;
    const { wallet } = server.services;
    const record = await wallet.store.getPass(card.cardId);
    expect(pass).toMatchObject({
      serialNumber: card.cardId,
      authenticationToken: record?.authToken,
      webServiceURL: `${base}/wallet`,
      passTypeIdentifier: "pass.dev.stamp.loyalty",
      teamIdentifier: "DEVTEAM123",
      organizationName: "Demo Coffee",
    });
    expect(record?.authToken.length).toBeGreaterThanOrEqual(24);
    expect(pass.barcodes[0]).toMatchObject({ message: card.code, format: "PKBarcodeFormatQR" });
    const header = pass.storeCard.headerFields[0];
    expect(String(header.value)).toMatch(/^2\s*\/\s*10$/);
    expect(pass.locations).toEqual([
      { latitude: 52.52, longitude: 13.405, relevantText: "Your coffee card, right here" },
    ]);

    for (const locale of ["de", "en", "he"]) {
      const strings = parseStrings(String(opened.files.get(`${locale}.lproj/pass.strings`)));
      expect(strings.size).toBeGreaterThan(3);
    }
    const german = parseStrings(String(opened.files.get("de.lproj/pass.strings")));
    expect([...german.values()]).toContain("Stempel");
    const hebrew = parseStrings(String(opened.files.get("he.lproj/pass.strings")));
    expect([...hebrew.values()]).toContain("חותמות");
  });

  it("answers 404 for an unknown serial", async () => {
    expect((await fetch(`${server.url}/passes/${randomUUID()}.pkpass`)).status).toBe(404);
    expect((await fetch(`${server.url}/passes/nope.pkpass`)).status).toBe(404);
  });

  it("returns the links on GET /api/v1/cards/:id too", async () => {
    const card = await enrolled();
    const reply = await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key });
    expect(reply.json.links).toEqual(card.links);
  });
});

describe("Google save link", () => {
  it("redirects to a save link whose JWT verifies with the service account's key", async () => {
    const card = await enrolled();
    const response = await fetch(
      `${server.url}${new URL(card.links.googleSave as string).pathname}`,
      {
        redirect: "manual",
      },
    );
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(/^https:\/\/pay\.google\.com\/gp\/v\/save\//);
    const account = parseGoogleServiceAccount(
      readFileSync(join(server.dataDir, "certs", "google-service-account.json")),
    );
    const { payload, protectedHeader } = await jwtVerify(
      location.slice("https://pay.google.com/gp/v/save/".length),
      createPublicKey(account.privateKeyPem),
      { audience: "google", issuer: account.clientEmail },
    );
    expect(protectedHeader).toMatchObject({ alg: "RS256", kid: account.privateKeyId });
    expect(payload.typ).toBe("savetowallet");
    expect(payload.origins).toEqual([base]);
    // biome-ignore lint/suspicious/noExplicitAny: the test reads the JWT payload by field
    const body = payload.payload as any;
    const objects = body.loyaltyObjects;
    expect(objects).toHaveLength(1);
    expect(objects[0]).toMatchObject({
      id: `3388000000022000000.${card.cardId}`,
      barcode: { type: "QR_CODE", value: card.code },
      loyaltyPoints: { balance: { string: "0/10" } },
    });
    expect(body.loyaltyClasses[0].id).toBe(`3388000000022000000.${server.seed.programId}`);
  });
});
