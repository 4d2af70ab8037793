import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, call, enroll, pairingCode, TestDevice } from "../../test/fixtures";
import { roomyRateLimits, startTestServer, type TestServer } from "../../test/test-server";
import { TokenBuckets } from "./token-bucket";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    limits: {
      ...roomyRateLimits(),
      device: new TokenBuckets(3, 0.01),
      apiKey: new TokenBuckets(2, 0.01),
      pairing: new TokenBuckets(2, 0.01),
    },
  });
});
afterAll(() => server.close());

describe("rate limits", () => {
  it("slows down one device without touching another", async () => {
    const a = await TestDevice.pair(server);
    const b = await TestDevice.pair(server);
    for (let i = 0; i < 3; i++) expect((await a.sync()).status).toBe(200);
    const limited = await a.sync();
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("rate-limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await b.sync()).status).toBe(200);
  });

  it("limits each API key", async () => {
    const key = await apiKey(server, server.seed);
    const card = await enroll(server, key, server.seed.programId);
    expect((await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key })).status).toBe(
      200,
    );
    expect((await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key })).status).toBe(
      429,
    );
  });

  it("counts failed pairing attempts, not successful ones", async () => {
    const pair = (code: string) =>
      call(server, "POST", "/api/v1/devices/pair", { body: { code, name: "t", mode: "kiosk" } });
    expect((await pair(await pairingCode(server, server.seed))).status).toBe(201);
    expect((await pair(await pairingCode(server, server.seed))).status).toBe(201);
    expect((await pair("WRONG222")).status).toBe(404);
    expect((await pair("WRONG333")).status).toBe(404);
    const locked = await pair(await pairingCode(server, server.seed));
    expect(locked.status).toBe(429);
  });
});
