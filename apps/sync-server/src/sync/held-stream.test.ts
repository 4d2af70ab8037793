import { MAX_PULL_WAIT_SECONDS } from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { enroll, type Merchant, TestDevice, twoShopServer } from "../../test/fixtures";
import { holdingPulls } from "../../test/held-pulls";
import { TestStream } from "../../test/stream-till";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { DEFAULT_MAX_STREAM_SECONDS } from "../config";

const ids = (answer: { events: { id: string }[] }) => answer.events.map((e) => e.id);

/** The held stream over HTTP (wire protocol `pull-stream.ts`, `held-stream.ts`). */
describe.each(DATABASES)("held streams (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let north: Merchant;
  let south: Merchant;

  beforeAll(async () => {
    ({ server, key, north, south } = await twoShopServer(database));
  });
  afterAll(() => server.close());

  it("offers a stream with every held pull it offers, and streams a held pull asked so", async () => {
    const reader = await TestDevice.pair(server, north);
    const stamper = await TestDevice.pair(server, north);
    const { cardId } = await enroll(server, key, north.programId);
    // A first stamp at the south shop makes a card the south shop's (SC1).
    const southTill = await TestDevice.pair(server, south);
    const elsewhere = (await enroll(server, key, south.programId)).cardId;
    await southTill.sync([southTill.stamp(elsewhere)]);
    const first = await reader.sync();
    expect(first.json.maxWait).toBe(MAX_PULL_WAIT_SECONDS);
    expect(first.json.maxStream).toBe(DEFAULT_MAX_STREAM_SECONDS);
    await reader.pullAll();

    const stream = await TestStream.open(reader);
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toBe("text/event-stream");
    expect(stream.headers.get("cache-control")).toBe("no-store");
    expect(stream.headers.get("x-accel-buffering")).toBe("no");
    expect(stream.headers.get("stamp-protocol")).not.toBeNull();
    await holdingPulls(server, 1);
    // A southern stamp wakes nobody here; the northern ones are answered one change at a time.
    await southTill.sync([southTill.stamp(elsewhere)]);
    for (let i = 0; i < 3; i++) {
      const stamp = stamper.stamp(cardId);
      expect((await stamper.sync([stamp])).json.accepted).toEqual([stamp.id]);
      const answer = await stream.next();
      expect(ids(answer)).toEqual([stamp.id]);
      expect(answer.maxStream).toBe(DEFAULT_MAX_STREAM_SECONDS);
      expect(answer.more).toBe(false);
    }
    expect(stream.answers).toHaveLength(3);
    const counted = async (name: string) => {
      const metric = await server.services.metrics.registry.getSingleMetric(name)?.get();
      return metric?.values.reduce((sum, { labels, value }) => {
        const ofSync = labels.route === undefined || labels.route === "/api/v1/sync";
        return ofSync ? sum + value : sum;
      }, 0);
    };
    const requestsBefore = await counted("stamp_http_requests_total");
    // A round of the till's (a scan to push) begins with hanging up: its place is given back.
    await stream.hangUp();
    await holdingPulls(server, 0);
    // The stream is one request, told when it ends; its answers are counted.
    await vi.waitFor(
      async () =>
        expect(await counted("stamp_http_requests_total")).toBe((requestsBefore ?? 0) + 1),
      { timeout: 20_000 },
    );
    expect(await counted("stamp_sync_stream_answers_total")).toBeGreaterThanOrEqual(3);
    const after = await reader.sync();
    expect(after.json.events).toEqual([]);
  });

  it("answers at once when the till is behind, a page after another, then goes on", async () => {
    const reader = await TestDevice.pair(server, north);
    const stamper = await TestDevice.pair(server, north);
    const { cardId } = await enroll(server, key, north.programId);
    await reader.pullAll();
    const stamps = [stamper.stamp(cardId), stamper.stamp(cardId)];
    await stamper.sync(stamps);
    const stream = await TestStream.open(reader);
    expect(ids(await stream.next())).toEqual(stamps.map((s) => s.id));
    const later = stamper.stamp(cardId);
    await stamper.sync([later]);
    expect(ids(await stream.next())).toEqual([later.id]);
    await stream.hangUp();
    await holdingPulls(server, 0);
  });

  it("ends cleanly on a newer pull of the device, and when the device is unpaired (at the next wake)", async () => {
    const reader = await TestDevice.pair(server, north);
    const stamper = await TestDevice.pair(server, north);
    const { cardId } = await enroll(server, key, north.programId);
    await reader.pullAll();
    const stream = await TestStream.open(reader);
    await holdingPulls(server, 1);
    const newer = reader.sync([], reader.cursor, MAX_PULL_WAIT_SECONDS);
    expect(await stream.ended()).toBe("clean");
    await holdingPulls(server, 1);
    const stamp = stamper.stamp(cardId);
    await stamper.sync([stamp]);
    expect(ids((await newer).json)).toEqual([stamp.id]);

    const again = await TestStream.open(reader);
    await holdingPulls(server, 1);
    const { store } = server.services;
    expect(await store.revokeDevice(north.merchantId, reader.deviceId, Date.now())).toBe(true);
    expect(await again.ended()).toBe("clean");
    expect(again.answers).toEqual([]);
    await holdingPulls(server, 0);
    expect((await reader.sync()).json.error.code).toBe("device-revoked");
  });

  it("takes stream only on a held pull: with wait and no events (400)", async () => {
    const till = await TestDevice.pair(server, north);
    const { cardId } = await enroll(server, key, north.programId);
    const stored = async () => (await server.dump(["events"])).events?.length;
    const before = await stored();
    for (const body of [{ wait: undefined }, { events: [till.stamp(cardId)] }, { stream: "yes" }]) {
      const refused = await TestStream.open(till, MAX_PULL_WAIT_SECONDS, body);
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.text ?? "").error.code).toBe("invalid-body");
    }
    expect(await stored()).toBe(before);
    await holdingPulls(server, 0);
  });
});

describe.each(DATABASES)("held streams: bounds, settings and shutdown (%s)", (database) => {
  it("offers none without room, answers a stream asked of a full server at once, and ends every stream at shutdown, fast", async () => {
    const server = await startTestServer({
      database,
      pullWaitLimits: { perMerchant: 1, total: 10 },
    });
    let closed = false;
    try {
      const [a, b] = [await TestDevice.pair(server), await TestDevice.pair(server)];
      await a.pullAll();
      await b.pullAll();
      const stream = await TestStream.open(a);
      await holdingPulls(server, 1);
      const full = await b.sync([], b.cursor, MAX_PULL_WAIT_SECONDS);
      expect(full.json.maxWait).toBeUndefined();
      expect(full.json.maxStream).toBeUndefined();
      const refused = await TestStream.open(b);
      expect(refused.headers.get("content-type")).toBe("application/json");
      expect(JSON.parse(refused.text ?? "").maxStream).toBeUndefined();

      const started = performance.now();
      await server.close();
      closed = true;
      expect(await stream.ended()).toBe("clean");
      // Not the stream's five minutes, nor the listener's grace: its place ended at once.
      expect(performance.now() - started).toBeLessThan(DEFAULT_MAX_STREAM_SECONDS * 1000);
    } finally {
      if (!closed) await server.close();
    }
  }, 60_000);

  it("MAX_STREAM_SECONDS=0: offers no stream, and holds a pull asked as one as a held pull", async () => {
    const server = await startTestServer({ database, maxStreamSeconds: 0 });
    try {
      const till = await TestDevice.pair(server);
      const offered = await till.sync();
      expect(offered.json.maxWait).toBe(MAX_PULL_WAIT_SECONDS);
      expect(offered.json.maxStream).toBeUndefined();
      await till.pullAll();
      const asked = TestStream.open(till, 1);
      await holdingPulls(server, 1);
      const held = await asked;
      expect(held.headers.get("content-type")).toBe("application/json");
      expect(JSON.parse(held.text ?? "").events).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
