import { generateKeyPairSync } from "node:crypto";
import {
  createSecureServer,
  createServer,
  type Http2Server,
  type Http2Session,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from "node:http2";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { importSPKI, jwtVerify } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApnsClient } from "./apns";
import { generateKeys, issueCertificate, type KeyPair } from "./certificates";
import { isPassBuilderError } from "./errors";
import { PASS_TYPE_ID, TEAM_ID } from "./test-fixtures";

const PUSH_TOKEN = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
const apnsKey = generateKeyPairSync("ec", { namedCurve: "P-256" });
const signingKeyPem = apnsKey.privateKey.export({ type: "pkcs8", format: "pem" }).toString();

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  session: Http2Session;
}

/** A fake APNs: records each request and answers with `answer(request)`. */
function fakeApns(
  server: Http2Server,
  answer: (request: Received) => [number, object?, Record<string, string>?],
) {
  const received: Received[] = [];
  server.on("stream", (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => {
    // Taken now: a stream forgets its session once it is closed.
    const session = stream.session as Http2Session;
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const request = { headers, body: Buffer.concat(chunks).toString(), session };
      received.push(request);
      const [status, body, extra] = answer(request);
      stream.respond({ ":status": status, "apns-id": "id-123", ...extra });
      stream.end(body ? JSON.stringify(body) : undefined);
    });
  });
  return received;
}

async function listen(server: Http2Server, scheme: "http" | "https"): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const servers: Http2Server[] = [];
const clients: ApnsClient[] = [];

function tokenClient(baseUrl: string, now = () => new Date()): ApnsClient {
  const client = new ApnsClient({
    auth: { kind: "token", signingKeyPem, keyId: "KEY1234567", teamId: TEAM_ID },
    baseUrl,
    now,
    timeoutMs: 2000,
  });
  clients.push(client);
  return client;
}

async function h2cServer(answer: Parameters<typeof fakeApns>[1]) {
  const server = createServer();
  servers.push(server);
  const received = fakeApns(server, answer);
  return { received, baseUrl: await listen(server, "http") };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("ApnsClient with token auth", () => {
  it("POSTs an empty JSON body to /3/device/<token> with the topic and an ES256 JWT", async () => {
    const { received, baseUrl } = await h2cServer(() => [200]);
    const result = await tokenClient(baseUrl).sendPassUpdate(PUSH_TOKEN, PASS_TYPE_ID);
    expect(result).toEqual({ status: "ok", apnsId: "id-123" });

    const [request] = received;
    expect(request?.headers[":method"]).toBe("POST");
    expect(request?.headers[":path"]).toBe(`/3/device/${PUSH_TOKEN}`);
    expect(request?.headers["apns-topic"]).toBe(PASS_TYPE_ID);
    expect(request?.body).toBe("{}");
    const jwt = String(request?.headers.authorization).replace(/^bearer /, "");
    const publicKey = await importSPKI(
      apnsKey.publicKey.export({ type: "spki", format: "pem" }).toString(),
      "ES256",
    );
    const { payload, protectedHeader } = await jwtVerify(jwt, publicKey, { issuer: TEAM_ID });
    expect(protectedHeader).toEqual({ alg: "ES256", kid: "KEY1234567" });
    expect(typeof payload.iat).toBe("number");
  });

  it("reuses one HTTP/2 session and one token for up to 50 minutes", async () => {
    const { received, baseUrl } = await h2cServer(() => [200]);
    let now = new Date("2026-03-01T10:00:00Z");
    const client = tokenClient(baseUrl, () => now);
    await client.sendPassUpdate(PUSH_TOKEN, PASS_TYPE_ID);
    await client.sendPassUpdate(PUSH_TOKEN, PASS_TYPE_ID);
    now = new Date(now.getTime() + 51 * 60_000);
    await client.sendPassUpdate(PUSH_TOKEN, PASS_TYPE_ID);
    expect(new Set(received.map((r) => r.session)).size).toBe(1);
    const tokens = received.map((r) => r.headers.authorization);
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[2]).not.toBe(tokens[1]);
  });

  it("signs one token for pushes that start together", async () => {
    const { received, baseUrl } = await h2cServer(() => [200]);
    const client = tokenClient(baseUrl);
    await Promise.all(
      Array.from({ length: 20 }, () => client.sendPassUpdate(PUSH_TOKEN, PASS_TYPE_ID)),
    );
    expect(received).toHaveLength(20);
    // ES256 signatures are randomized: two signings would differ.
    expect(new Set(received.map((r) => r.headers.authorization)).size).toBe(1);
  });

  it("maps 410 to unregistered, 429/5xx to retry and other 4xx to failed", async () => {
    const answers: Record<string, [number, object?, Record<string, string>?]> = {
      "410": [410, { reason: "Unregistered", timestamp: 1 }],
      "429": [429, { reason: "TooManyRequests" }, { "retry-after": "30" }],
      "503": [503, { reason: "ServiceUnavailable" }],
      "400": [400, { reason: "BadDeviceToken" }],
      "403": [403, { reason: "ExpiredProviderToken" }],
    };
    let next = "410";
    const { baseUrl } = await h2cServer(() => answers[next] ?? [500]);
    const client = tokenClient(baseUrl);
    const send = async (status: string) => {
      next = status;
      return client.sendPassUpdate(PUSH_TOKEN, PASS_TYPE_ID);
    };
    expect(await send("410")).toEqual({ status: "unregistered", reason: "Unregistered" });
    expect(await send("429")).toEqual({
      status: "retry",
      reason: "TooManyRequests",
      retryAfterSeconds: 30,
    });
    expect(await send("503")).toEqual({
      status: "retry",
      reason: "ServiceUnavailable",
      retryAfterSeconds: null,
    });
    expect(await send("400")).toEqual({
      status: "failed",
      httpStatus: 400,
      reason: "BadDeviceToken",
    });
    expect(await send("403")).toEqual({
      status: "retry",
      reason: "ExpiredProviderToken",
      retryAfterSeconds: null,
    });
  });

  it("reports an unreachable APNs as retry", async () => {
    const client = tokenClient("http://127.0.0.1:9");
    const result = await client.sendPassUpdate(PUSH_TOKEN, PASS_TYPE_ID);
    expect(result.status).toBe("retry");
  });

  it("opens a new session after APNs closes the old one", async () => {
    const { received, baseUrl } = await h2cServer(() => [200]);
    const client = tokenClient(baseUrl);
    await client.sendPassUpdate(PUSH_TOKEN, PASS_TYPE_ID);
    await new Promise<void>((resolve) => received[0]?.session.close(resolve));
    expect(await client.sendPassUpdate(PUSH_TOKEN, PASS_TYPE_ID)).toMatchObject({ status: "ok" });
    expect(received[1]?.session === received[0]?.session).toBe(false);
  });

  it("refuses a push token that is not hex without sending anything", async () => {
    const { received, baseUrl } = await h2cServer(() => [200]);
    const result = await tokenClient(baseUrl).sendPassUpdate("../../3/device/x", PASS_TYPE_ID);
    expect(result).toMatchObject({ status: "failed", httpStatus: null });
    expect(received).toHaveLength(0);
  });

  it("refuses a signing key that is not EC P-256", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
    let caught: unknown;
    try {
      new ApnsClient({
        auth: {
          kind: "token",
          signingKeyPem: rsa.export({ type: "pkcs8", format: "pem" }).toString(),
          keyId: "K",
          teamId: TEAM_ID,
        },
      });
    } catch (error) {
      caught = error;
    }
    expect(isPassBuilderError(caught, "invalid-apns-key")).toBe(true);
  });
});

describe("ApnsClient with certificate auth", () => {
  let caPem: string;
  let server: { certPem: string; keys: KeyPair };
  let signer: { certPem: string; keys: KeyPair };

  beforeAll(async () => {
    const [caKeys, serverKeys, signerKeys] = await Promise.all([
      generateKeys("ec-p256"),
      generateKeys("ec-p256"),
      generateKeys("rsa-2048"),
    ]);
    const validity = {
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
    };
    caPem = await issueCertificate({
      subject: [["CN", "Fake APNs CA"]],
      keyPair: caKeys,
      issuer: "self",
      profile: { kind: "root-ca" },
      ...validity,
    });
    const ca = { certPem: caPem, privateKey: caKeys.privateKey };
    server = {
      keys: serverKeys,
      certPem: await issueCertificate({
        subject: [["CN", "127.0.0.1"]],
        keyPair: serverKeys,
        issuer: ca,
        profile: { kind: "tls-server", names: ["127.0.0.1"] },
        ...validity,
      }),
    };
    signer = {
      keys: signerKeys,
      certPem: await issueCertificate({
        subject: [
          ["UID", PASS_TYPE_ID],
          ["OU", TEAM_ID],
        ],
        keyPair: signerKeys,
        issuer: ca,
        profile: { kind: "pass-type-id", passTypeIdentifier: PASS_TYPE_ID },
        ...validity,
      }),
    };
  });

  it("presents the Pass Type ID certificate as TLS client certificate", async () => {
    const tlsServer = createSecureServer({
      key: server.keys.privateKey.export({ type: "pkcs8", format: "pem" }),
      cert: server.certPem,
      ca: caPem,
      requestCert: true,
      rejectUnauthorized: true,
    });
    servers.push(tlsServer);
    const received = fakeApns(tlsServer, () => [200]);
    const client = new ApnsClient({
      auth: {
        kind: "certificate",
        certPem: signer.certPem,
        keyPem: signer.keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      },
      baseUrl: await listen(tlsServer, "https"),
      ca: caPem,
    });
    clients.push(client);

    expect(await client.sendPassUpdate(PUSH_TOKEN, PASS_TYPE_ID)).toEqual({
      status: "ok",
      apnsId: "id-123",
    });
    const [request] = received;
    if (!request) throw new Error("the fake APNs received nothing");
    expect(request.headers.authorization).toBeUndefined();
    const peer = (request.session.socket as TLSSocket).getPeerCertificate();
    expect(peer.subject).toMatchObject({ UID: PASS_TYPE_ID, OU: TEAM_ID });
  });
});
