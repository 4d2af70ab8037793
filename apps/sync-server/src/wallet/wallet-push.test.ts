import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createH2Server, type Http2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  cardWalletPath,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  parseCardWalletAnswer,
} from "@stamp/wire-protocol";
import { jwtVerify } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { anotherMerchant, apiKey, call, TestDevice } from "../../test/fixtures";
import { startTestServer, type TestServer } from "../../test/test-server";

const PASS_TYPE = "pass.dev.stamp.loyalty";
const KEY_ID = "KEY1234567";

interface ApnsRequest {
  readonly path: string;
  readonly topic: string;
  readonly authorization: string;
  readonly body: string;
}

/** APNs on cleartext HTTP/2 (h2c): records pushes and answers from a script of statuses. */
class FakeApns {
  readonly requests: ApnsRequest[] = [];
  /** Statuses to answer with next; 200 once the script runs out. */
  script: number[] = [];
  readonly server: Http2Server = createH2Server();

  constructor() {
    this.server.on("stream", (stream, headers) => {
      let body = "";
      stream.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      stream.on("end", () => {
        this.requests.push({
          path: String(headers[":path"]),
          topic: String(headers["apns-topic"]),
          authorization: String(headers.authorization),
          body,
        });
        const status = this.script.shift() ?? 200;
        stream.respond({ ":status": status, "apns-id": randomUUID() });
        stream.end(
          status === 200
            ? ""
            : JSON.stringify({ reason: status === 410 ? "Unregistered" : "InternalServerError" }),
        );
      });
    });
  }
}

interface GoogleRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
}

/** Google's OAuth token endpoint and Wallet REST API, recording every call. */
class FakeGoogle {
  readonly requests: GoogleRequest[] = [];
  readonly classes = new Set<string>();
  readonly server: Server = createHttpServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      const path = request.url ?? "";
      this.requests.push({ method: request.method ?? "", path, body });
      response.setHeader("content-type", "application/json");
      if (path === "/token") {
        response.end(
          JSON.stringify({ access_token: "fake-token", expires_in: 3600, token_type: "Bearer" }),
        );
        return;
      }
      if (request.method === "PUT" && path.startsWith("/loyaltyClass/")) {
        const id = decodeURIComponent(path.slice("/loyaltyClass/".length));
        response.statusCode = this.classes.has(id) ? 200 : 404;
        response.end(body);
        return;
      }
      if (request.method === "POST" && path === "/loyaltyClass") {
        this.classes.add((JSON.parse(body) as { id: string }).id);
      }
      response.end(body || "{}");
    });
  });

  calls(method: string, prefix: string): GoogleRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(prefix));
  }
}

const listen = (server: Server | Http2Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const apns = new FakeApns();
const google = new FakeGoogle();
const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
let server: TestServer;
let key: string;

beforeAll(async () => {
  const [apnsPort, googlePort] = await Promise.all([listen(apns.server), listen(google.server)]);
  const keyFile = join(mkdtempSync(join(tmpdir(), "apns-key-")), "AuthKey.p8");
  writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }));
  server = await startTestServer({
    walletEnv: {
      APNS_URL: `http://127.0.0.1:${apnsPort}`,
      APNS_KEY_PEM: keyFile,
      APNS_KEY_ID: KEY_ID,
      GOOGLE_WALLET_API_URL: `http://127.0.0.1:${googlePort}`,
      GOOGLE_OAUTH_TOKEN_URL: `http://127.0.0.1:${googlePort}/token`,
      WALLET_PUSH_INTERVAL_MS: "25",
      WALLET_PUSH_RETRY_BASE_MS: "50",
      WALLET_PUSH_MAX_ATTEMPTS: "3",
    },
  });
  key = await apiKey(server, server.seed);
});
afterAll(async () => {
  await server.close();
  apns.server.close();
  google.server.close();
});
beforeEach(() => {
  apns.requests.length = 0;
  apns.script = [];
  google.requests.length = 0;
});

/** A card saved to Google Wallet (object inserted) and registered by one iPhone. */
async function walletCard(pushToken: string): Promise<{ cardId: string; code: string }> {
  const enrolled = await call(server, "POST", "/api/v1/cards", {
    token: key,
    body: { programId: server.seed.programId },
  });
  const { cardId, code } = enrolled.json as { cardId: string; code: string };
  const save = await fetch(`${server.url}/c/${cardId}/google-wallet`, { redirect: "manual" });
  expect(save.status).toBe(302);
  const pass = await server.services.wallet.store.getPass(cardId);
  const registered = await fetch(
    `${server.url}/wallet/v1/devices/dev${cardId.slice(0, 8)}/registrations/${PASS_TYPE}/${cardId}`,
    {
      method: "POST",
      headers: {
        authorization: `ApplePass ${pass?.authToken}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ pushToken }),
    },
  );
  expect(registered.status).toBe(201);
  return { cardId, code };
}

const stamp = (card: string) =>
  call(server, "POST", "/api/v1/stamps", {
    token: key,
    body: { card },
    headers: { "idempotency-key": randomUUID() },
  });

const settled = () => new Promise((r) => setTimeout(r, 300));

describe("pass update pushes", () => {
  it("stamping a card sends one APNs push and one Google PATCH", async () => {
    const token = "0a".repeat(32);
    const card = await walletCard(token);
    expect(google.calls("POST", "/loyaltyObject")).toHaveLength(1);
    // Saving and registering change nothing visible: nothing is pushed.
    await settled();
    expect(apns.requests).toHaveLength(0);

    expect((await stamp(card.code)).status).toBe(200);
    await until(
      () => apns.requests.length >= 1 && google.calls("PATCH", "/loyaltyObject/").length >= 1,
    );
    await settled();
    expect(apns.requests).toHaveLength(1);
    const push = apns.requests[0] as ApnsRequest;
    expect(push.path).toBe(`/3/device/${token}`);
    expect(push.topic).toBe(PASS_TYPE);
    expect(JSON.parse(push.body)).toEqual({});
    const jwt = push.authorization.replace(/^bearer /, "");
    const verified = await jwtVerify(jwt, publicKey, { issuer: "DEVTEAM123" });
    expect(verified.protectedHeader).toMatchObject({ alg: "ES256", kid: KEY_ID });

    const patches = google.calls("PATCH", "/loyaltyObject/");
    expect(patches).toHaveLength(1);
    expect(decodeURIComponent((patches[0] as GoogleRequest).path)).toBe(
      `/loyaltyObject/3388000000022000000.${card.cardId}`,
    );
    expect(JSON.parse((patches[0] as GoogleRequest).body)).toMatchObject({
      state: "ACTIVE",
      loyaltyPoints: { balance: { string: "1/10" } },
    });
    expect(google.calls("POST", "/token").length).toBeGreaterThanOrEqual(1);
    expect(await server.services.wallet.store.pushJob(card.cardId)).toBeNull();
  });

  it("retries a push APNs answered 500, with backoff", async () => {
    const card = await walletCard("1b".repeat(32));
    apns.script = [500];
    expect((await stamp(card.code)).status).toBe(200);
    await until(() => apns.requests.length >= 2);
    await until(async () => (await server.services.wallet.store.pushJob(card.cardId)) === null);
    expect(apns.requests).toHaveLength(2);
  });

  it("records a job as failed after the last attempt", async () => {
    const card = await walletCard("2c".repeat(32));
    apns.script = [500, 500, 500];
    expect((await stamp(card.code)).status).toBe(200);
    await until(
      async () => (await server.services.wallet.store.pushJob(card.cardId))?.status === "failed",
    );
    const job = await server.services.wallet.store.pushJob(card.cardId);
    expect(job).toMatchObject({ status: "failed", attempts: 3 });
    expect(job?.lastError).toMatch(/InternalServerError/);
    expect(apns.requests).toHaveLength(3);
  });

  it("drops the registration of a device APNs answers 410", async () => {
    const card = await walletCard("3d".repeat(32));
    apns.script = [410];
    expect((await stamp(card.code)).status).toBe(200);
    await until(
      async () => (await server.services.wallet.store.registrationsOf(card.cardId)).length === 0,
    );
    await until(async () => (await server.services.wallet.store.pushJob(card.cardId)) === null);
    expect(apns.requests).toHaveLength(1);

    // The last device gone, a till scanning the card is told it no longer updates on the phone.
    const till = await TestDevice.pair(server);
    const wallet = () =>
      call(server, "GET", cardWalletPath(card.cardId), {
        token: till.token,
        headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      });
    const lost = await wallet();
    expect(lost.status).toBe(200);
    expect(parseCardWalletAnswer(lost.json)).toEqual({
      cardId: card.cardId,
      updates: "lost",
      cardUrl: `${server.services.publicUrl}/c/${card.cardId}`,
    });
    // Added to the wallet again: it updates.
    const pass = await server.services.wallet.store.getPass(card.cardId);
    const again = await fetch(
      `${server.url}/wallet/v1/devices/devagain/registrations/${PASS_TYPE}/${card.cardId}`,
      {
        method: "POST",
        headers: {
          authorization: `ApplePass ${pass?.authToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ pushToken: "5f".repeat(32) }),
      },
    );
    expect(again.status).toBe(201);
    expect((await wallet()).json.updates).toBe("ok");
    // Another merchant's till learns nothing of the card.
    const other = await anotherMerchant(server, "Other Shop");
    const stranger = await TestDevice.pair(server, other);
    const refused = await call(server, "GET", cardWalletPath(card.cardId), {
      token: stranger.token,
    });
    expect(refused.status).toBe(404);
  });

  it("a program edit pushes each listening card once and upserts the Google class", async () => {
    const card = await walletCard("4e".repeat(32));
    const before = await server.services.wallet.store.getPass(card.cardId);
    const record = await server.services.store.getProgram(
      server.seed.merchantId,
      server.seed.programId,
    );
    if (!record) throw new Error("no program");
    const { version } = record.program;
    const renamed = { ...record.program, name: "Coffee club", version: version + 1 };
    expect(await server.services.store.updateProgram(renamed, version, Date.now())).toBe(true);
    await until(() => apns.requests.some((r) => r.path === `/3/device/${"4e".repeat(32)}`));
    await until(() => google.calls("PUT", "/loyaltyClass/").length >= 1);
    await settled();
    expect(apns.requests.filter((r) => r.path === `/3/device/${"4e".repeat(32)}`)).toHaveLength(1);
    const after = await server.services.wallet.store.getPass(card.cardId);
    expect(after?.updatedAt).toBeGreaterThan(before?.updatedAt ?? 0);
    expect(after?.updateSeq).toBeGreaterThan(before?.updateSeq ?? 0);
    const classes = google.calls("PUT", "/loyaltyClass/");
    expect(JSON.parse((classes[classes.length - 1] as GoogleRequest).body).programName).toBe(
      "Coffee club",
    );
  });

  it("reaching the goal tells Google once: the reward's details in the object, the news as a notifying message", async () => {
    const card = await walletCard("5f".repeat(32));
    const stamped = await call(server, "POST", "/api/v1/stamps", {
      token: key,
      body: { card: card.code, count: 10 },
      headers: { "idempotency-key": randomUUID() },
    });
    expect(stamped.json.rewardsReady).toBe(1);
    const messages = () =>
      google.calls("POST", "/loyaltyObject/").filter((r) => r.path.endsWith("/addMessage"));
    await until(() => messages().length >= 1);
    const message = JSON.parse((messages()[0] as GoogleRequest).body).message;
    expect(message).toMatchObject({
      messageType: "TEXT_AND_NOTIFY",
      header: "News",
      body: "You earned: Free coffee",
    });
    const patch = google.calls("PATCH", "/loyaltyObject/").at(-1) as GoogleRequest;
    expect(JSON.parse(patch.body).textModulesData).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: "status", body: "Ready: Free coffee" }),
        expect.objectContaining({ id: "voucher-1", header: "Your reward" }),
      ]),
    );
    // Another push for the same news sends no second message.
    expect((await stamp(card.code)).status).toBe(200);
    await until(() => google.calls("PATCH", "/loyaltyObject/").length >= 2);
    await settled();
    expect(messages()).toHaveLength(1);
    expect((await server.services.wallet.store.getPass(card.cardId))?.googleNotice).toBe(
      message.id,
    );
  });
});
