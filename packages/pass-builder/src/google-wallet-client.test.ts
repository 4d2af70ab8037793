import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { importSPKI, jwtVerify } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isPassBuilderError } from "./errors";
import { buildLoyaltyClass, buildLoyaltyObject } from "./google-wallet";
import { GoogleWalletClient } from "./google-wallet-client";
import { sampleCard, sampleDesign, testServiceAccount } from "./test-fixtures";

const ISSUER = "3388000000022222222";
const { account, publicKeyPem } = testServiceAccount();

interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

type Route = (request: Recorded, response: ServerResponse) => void;

/** A fake of Google's token endpoint and Wallet REST API on 127.0.0.1. */
let server: Server;
let origin: string;
let requests: Recorded[] = [];
let route: Route = () => undefined;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const recorded = {
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(recorded);
      route(recorded, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

afterEach(() => {
  requests = [];
});

function send(response: ServerResponse, status: number, body: unknown = {}): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** Answers the token endpoint with `token-<n>` and the API with `api(request)`. */
function fakeGoogle(api: (request: Recorded) => [number, unknown?]): void {
  let issued = 0;
  route = (request, response) => {
    if (request.path === "/token") {
      issued += 1;
      send(response, 200, {
        access_token: `token-${issued}`,
        expires_in: 3600,
        token_type: "Bearer",
      });
      return;
    }
    const [status, body] = api(request);
    send(response, status, body);
  };
}

function client(now = () => new Date()): GoogleWalletClient {
  return new GoogleWalletClient({
    serviceAccount: account,
    baseUrl: `${origin}/walletobjects/v1`,
    tokenUrl: `${origin}/token`,
    now,
  });
}

const design = sampleDesign();
const loyaltyClass = buildLoyaltyClass(design, {
  issuerId: ISSUER,
  programLogoUrl: "https://s.example/l.png",
});
const loyaltyObject = buildLoyaltyObject(design, sampleCard(), { issuerId: ISSUER });

describe("GoogleWalletClient", () => {
  it("gets a token with a signed JWT assertion and PATCHes the object with it", async () => {
    fakeGoogle(() => [200, {}]);
    const patch = {
      loyaltyPoints: { ...loyaltyObject.loyaltyPoints, balance: { string: "4/10" } },
    };
    await client().patchObject(loyaltyObject.id, patch);

    const [tokenRequest, patchRequest] = requests;
    expect(tokenRequest?.method).toBe("POST");
    expect(tokenRequest?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(tokenRequest?.body);
    expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const { payload, protectedHeader } = await jwtVerify(
      form.get("assertion") ?? "",
      await importSPKI(publicKeyPem, "RS256"),
      { issuer: account.clientEmail, audience: `${origin}/token` },
    );
    expect(protectedHeader.kid).toBe(account.privateKeyId);
    expect(payload.scope).toBe("https://www.googleapis.com/auth/wallet_object.issuer");
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(3600);

    expect(patchRequest?.method).toBe("PATCH");
    expect(patchRequest?.path).toBe(`/walletobjects/v1/loyaltyObject/${ISSUER}.card_01J9ZK4Q8R`);
    expect(patchRequest?.headers.authorization).toBe("Bearer token-1");
    expect(JSON.parse(patchRequest?.body ?? "")).toEqual(patch);
  });

  it("reads from Google's answer to a PATCH whether a user holds the object, or that it is missing", async () => {
    const answers: [number, unknown][] = [
      [200, { id: "a.saved", hasUsers: true }],
      [200, { id: "a.removed", hasUsers: false }],
      [200, { id: "a.silent" }],
      [404, { error: { code: 404, message: "Resource not found", status: "NOT_FOUND" } }],
    ];
    fakeGoogle(() => answers.shift() ?? [500]);
    const wallet = client();
    expect(await wallet.patchObject("a.saved", {})).toEqual({ kind: "patched", hasUsers: true });
    expect(await wallet.patchObject("a.removed", {})).toEqual({ kind: "patched", hasUsers: false });
    expect(await wallet.patchObject("a.silent", {})).toEqual({ kind: "patched", hasUsers: null });
    expect(await wallet.patchObject("a.gone", {})).toEqual({ kind: "missing" });
  });

  it("adds a notifying message to an object's back", async () => {
    fakeGoogle(() => [200, {}]);
    const message = {
      id: "earned-1",
      header: "News",
      body: "You earned: Free cake",
      localizedHeader: { defaultValue: { language: "en", value: "News" } },
      localizedBody: { defaultValue: { language: "en", value: "You earned: Free cake" } },
      messageType: "TEXT_AND_NOTIFY" as const,
    };
    await client().addMessage(loyaltyObject.id, message);
    const added = requests.find((r) => r.path.endsWith("/addMessage"));
    expect(added?.method).toBe("POST");
    expect(added?.path).toBe(
      `/walletobjects/v1/loyaltyObject/${ISSUER}.card_01J9ZK4Q8R/addMessage`,
    );
    expect(JSON.parse(added?.body ?? "")).toEqual({ message });
  });

  it("reuses the token until it is about to expire", async () => {
    fakeGoogle(() => [200, {}]);
    let now = new Date("2026-03-01T10:00:00Z");
    const wallet = client(() => now);
    await Promise.all([wallet.patchObject("a.b", {}), wallet.patchObject("a.c", {})]);
    now = new Date(now.getTime() + 58 * 60_000);
    await wallet.patchObject("a.d", {});
    expect(requests.filter((r) => r.path === "/token")).toHaveLength(1);
    now = new Date(now.getTime() + 2 * 60_000);
    await wallet.patchObject("a.e", {});
    expect(requests.filter((r) => r.path === "/token")).toHaveLength(2);
    expect(requests.at(-1)?.headers.authorization).toBe("Bearer token-2");
  });

  it("upserts a class: PUT, and POST when it does not exist yet", async () => {
    let exists = false;
    fakeGoogle((request) => {
      if (request.method === "PUT") return [exists ? 200 : 404, {}];
      exists = true;
      return [200, JSON.parse(request.body)];
    });
    const wallet = client();
    expect(await wallet.upsertClass(loyaltyClass)).toBe("created");
    expect(await wallet.upsertClass(loyaltyClass)).toBe("updated");
    const api = requests.filter((r) => r.path !== "/token").map((r) => `${r.method} ${r.path}`);
    expect(api).toEqual([
      `PUT /walletobjects/v1/loyaltyClass/${ISSUER}.prog_01J9`,
      "POST /walletobjects/v1/loyaltyClass",
      `PUT /walletobjects/v1/loyaltyClass/${ISSUER}.prog_01J9`,
    ]);
    expect(JSON.parse(requests[2]?.body ?? "")).toEqual(loyaltyClass);
  });

  it("inserts an object and treats 409 as already there", async () => {
    let inserted = false;
    fakeGoogle(() => {
      const status = inserted ? 409 : 200;
      inserted = true;
      return [status, {}];
    });
    const wallet = client();
    expect(await wallet.insertObject(loyaltyObject)).toBe("created");
    expect(await wallet.insertObject(loyaltyObject)).toBe("exists");
  });

  it("fetches a fresh token once after a 401", async () => {
    let calls = 0;
    fakeGoogle(() => [++calls === 1 ? 401 : 200, {}]);
    await client().patchObject("a.b", {});
    expect(requests.map((r) => r.headers.authorization ?? r.path)).toEqual([
      "/token",
      "Bearer token-1",
      "/token",
      "Bearer token-2",
    ]);
  });

  it("raises google-api-failed, retryable for 5xx and not for 400", async () => {
    fakeGoogle((request) =>
      request.path.endsWith("busy") ? [503, { error: "later" }] : [400, { error: "bad" }],
    );
    const wallet = client();
    const busy = await wallet.patchObject("a.busy", {}).catch((e: unknown) => e);
    expect(isPassBuilderError(busy, "google-api-failed") && busy.info).toMatchObject({
      status: 503,
      retryable: true,
      method: "PATCH",
    });
    const bad = await wallet.patchObject("a.bad", {}).catch((e: unknown) => e);
    expect(isPassBuilderError(bad, "google-api-failed") && bad.info).toMatchObject({
      status: 400,
      retryable: false,
      body: '{"error":"bad"}',
    });
  });

  it("raises google-auth-failed when the token endpoint refuses", async () => {
    route = (_, response) => send(response, 400, { error: "invalid_grant" });
    const error = await client()
      .patchObject("a.b", {})
      .catch((e: unknown) => e);
    expect(isPassBuilderError(error, "google-auth-failed") && error.info.status).toBe(400);
    expect((error as Error).message).toContain("invalid_grant");
  });

  it("reports an unreachable API as retryable", async () => {
    fakeGoogle(() => [200, {}]);
    const wallet = new GoogleWalletClient({
      serviceAccount: account,
      baseUrl: "http://127.0.0.1:9",
      tokenUrl: `${origin}/token`,
    });
    const error = await wallet.patchObject("a.b", {}).catch((e: unknown) => e);
    expect(isPassBuilderError(error, "google-api-failed") && error.info).toMatchObject({
      status: null,
      retryable: true,
    });
  });
});
