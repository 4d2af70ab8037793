import {
  ErrorAnswerSchema,
  PROTOCOL_HEADER,
  PROTOCOL_TOO_OLD,
  PROTOCOL_VERSION,
} from "@stamp/wire-protocol";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, call, enroll, pairingCode, TestDevice } from "../../test/fixtures";
import { startTestServer, type TestServer } from "../../test/test-server";

const TOO_OLD = { [PROTOCOL_HEADER]: "0" };

describe("device protocol version (Stamp-Protocol)", () => {
  let server: TestServer;
  let till: TestDevice;
  let card: string;

  beforeAll(async () => {
    server = await startTestServer();
    till = await TestDevice.pair(server);
    card = (await enroll(server, await apiKey(server, server.seed), server.seed.programId)).cardId;
  });
  afterAll(() => server.close());

  it("says the server's version on every device answer, and reads tills without the header", async () => {
    const current = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
    const me = await call(server, "GET", "/api/v1/devices/me", { token: till.token });
    const sync = await call(server, "POST", "/api/v1/sync", {
      token: till.token,
      body: { cursor: null, events: [] },
      headers: current,
    });
    for (const reply of [me, sync]) {
      expect(reply.status).toBe(200);
      expect(reply.headers.get(PROTOCOL_HEADER)).toBe(String(PROTOCOL_VERSION));
    }
  });

  it("answers a too-old till 426 protocol-too-old on every device endpoint, storing nothing", async () => {
    const event = till.stamp(card);
    const code = await pairingCode(server, server.seed);
    const replies = [
      await call(server, "POST", "/api/v1/devices/pair", {
        body: { code, name: "Old till", mode: "staff" },
        headers: TOO_OLD,
      }),
      await call(server, "GET", "/api/v1/devices/me", { token: till.token, headers: TOO_OLD }),
      await call(server, "POST", "/api/v1/sync", {
        token: till.token,
        body: { cursor: null, events: [event] },
        headers: TOO_OLD,
      }),
    ];
    for (const reply of replies) {
      expect(reply.status).toBe(426);
      expect(reply.headers.get(PROTOCOL_HEADER)).toBe(String(PROTOCOL_VERSION));
      const body = v.parse(ErrorAnswerSchema, reply.json);
      expect(body.error.code).toBe(PROTOCOL_TOO_OLD);
      expect(body.error.message).toMatch(/update the app/);
    }
    // Neither the event nor the pairing code was used: both work for an updated till.
    const synced = await till.sync([event], null);
    expect(synced.json.accepted).toEqual([event.id]);
    const paired = await call(server, "POST", "/api/v1/devices/pair", {
      body: { code, name: "Updated till", mode: "staff" },
    });
    expect(paired.status).toBe(201);
  });

  it("refuses a header that is not a version, and leaves other endpoints alone", async () => {
    const garbled = await call(server, "GET", "/api/v1/devices/me", {
      token: till.token,
      headers: { [PROTOCOL_HEADER]: "two" },
    });
    expect(garbled.status).toBe(400);
    expect(garbled.json.error.code).toBe("invalid-protocol-version");
    const health = await call(server, "GET", "/healthz", { headers: TOO_OLD });
    expect(health.status).toBe(200);
    expect(health.headers.get(PROTOCOL_HEADER)).toBeNull();
  });
});
