import { randomUUID } from "node:crypto";
import { syncAnswerJson } from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anotherMerchant,
  apiKey,
  call,
  enroll,
  posTestServer,
  TestDevice,
} from "../../test/fixtures";
import { DATABASES, type TestServer } from "../../test/test-server";
import { ANSWER_CHUNK_BYTES } from "../http/utf8-body";

let server: TestServer;
let key: string;

async function cardState(cardId: string) {
  return (await call(server, "GET", `/api/v1/cards/${cardId}`, { token: key })).json;
}

describe.each(DATABASES)("POST /api/v1/sync (%s)", (database) => {
  beforeAll(async () => {
    ({ server, key } = await posTestServer(database));
  });
  afterAll(() => server.close());

  it("round-trips events between two devices of one merchant", async () => {
    const a = await TestDevice.pair(server);
    const b = await TestDevice.pair(server);
    const { cardId } = await enroll(server, key, server.seed.programId);
    const stamp = a.stamp(cardId, 2);
    const pushed = await a.sync([stamp]);
    expect(pushed.status).toBe(200);
    expect(pushed.json).toMatchObject({ accepted: [stamp.id], duplicates: [], rejected: [] });
    expect(typeof pushed.json.serverTime).toBe("string");
    // The pushing device is not sent its own event back, but its cursor moves past it.
    expect(pushed.json.events.map((e: { id: string }) => e.id)).not.toContain(stamp.id);
    expect((await a.sync([], pushed.json.cursor)).json).toMatchObject({
      events: [],
      more: false,
      cursor: pushed.json.cursor,
    });

    const pulled = await b.sync();
    expect(pulled.status).toBe(200);
    expect(pulled.json.events.find((e: { id: string }) => e.id === stamp.id)).toEqual(stamp);
    expect(pulled.json.more).toBe(false);
    // The card's enrolment (made by the server) travels too.
    expect(
      pulled.json.events.some(
        (e: { type: string; cardId: string }) => e.type === "card.enrolled" && e.cardId === cardId,
      ),
    ).toBe(true);

    const card = await call(server, "GET", `/api/v1/cards/${cardId}`, { token: b.token });
    expect(card.status).toBe(200);
    expect(card.json).toMatchObject({ cardId, stamps: 2, goal: 10, cycles: 0, lifetimeStamps: 2 });

    const reply = b.stamp(cardId, 1);
    await b.sync([reply]);
    const back = await a.sync();
    expect(back.json.events.map((e: { id: string }) => e.id)).toContain(reply.id);
    expect((await cardState(cardId)).stamps).toBe(3);
  });

  it("stops counting a request as arriving once it is answered, refused or not", async () => {
    const a = await TestDevice.pair(server);
    await call(server, "POST", "/api/v1/sync", { token: "not-a-token", body: { cursor: null } });
    await call(server, "POST", "/api/v1/sync", { token: a.token, raw: "{broken" });
    await a.sync([]);
    expect(server.services.syncArrivals.reading).toBe(0);
  });

  it("lands every event once when four tills sync at once (sharing commits)", async () => {
    const tills = await Promise.all([1, 2, 3, 4].map(() => TestDevice.pair(server)));
    const cards = await Promise.all(tills.map(() => enroll(server, key, server.seed.programId)));
    const t0 = Date.now();
    // Each till stamps every card, three batches of four stamps, all in flight together.
    const replies = await Promise.all(
      tills.map(async (till, i) => {
        const answers = [];
        for (let batch = 0; batch < 3; batch++)
          answers.push(
            await till.sync(
              cards.map((c, j) => till.stamp(c.cardId, 1, "staff", t0 + batch * 100 + i * 10 + j)),
            ),
          );
        return answers;
      }),
    );
    for (const answers of replies)
      for (const reply of answers) {
        expect(reply.status).toBe(200);
        expect(reply.json.accepted).toHaveLength(cards.length);
      }
    for (const card of cards) expect((await cardState(card.cardId)).lifetimeStamps).toBe(12);
  });

  it("answers a re-sent event as a duplicate and changes nothing", async () => {
    const a = await TestDevice.pair(server);
    const { cardId } = await enroll(server, key, server.seed.programId);
    const stamp = a.stamp(cardId);
    expect((await a.sync([stamp])).json.accepted).toEqual([stamp.id]);
    const again = await a.sync([stamp, stamp]);
    expect(again.json.accepted).toEqual([]);
    expect(again.json.duplicates).toEqual([stamp.id, stamp.id]);
    expect((await cardState(cardId)).stamps).toBe(1);
  });

  it("judges each event of a mixed batch on its own", async () => {
    const a = await TestDevice.pair(server, server.seed, "kiosk");
    const other = await anotherMerchant(server, "Other Bakery");
    const { cardId } = await enroll(server, key, server.seed.programId);
    const { cardId: secondCard } = await enroll(server, key, server.seed.programId);
    const good = a.stamp(cardId, 1, "staff");
    const stored = a.stamp(secondCard, 1, "staff");
    await a.sync([stored]);
    const cases: [string, unknown][] = [
      ["invalid-event", { ...a.stamp(cardId), count: 0 }],
      ["invalid-event", { ...a.stamp(cardId), extra: true }],
      ["invalid-event", "not an object"],
      ["wrong-device", { ...a.stamp(cardId), deviceId: randomUUID() }],
      ["wrong-merchant", { ...a.stamp(cardId), merchantId: other.merchantId }],
      ["unknown-program", { ...a.stamp(cardId), programId: randomUUID() }],
      ["unknown-card", a.stamp(randomUUID())],
      ["id-conflict", { ...stored, count: 5 }],
      // One kiosk scan adds at most 1 stamp by default (stamp-core SPEC P6, R7).
      ["scan-cap", a.stamp(cardId, 3, "kiosk")],
    ];
    const good2 = a.stamp(secondCard, 2, "staff");
    const batch = [cases[0]?.[1], good, ...cases.slice(1).map(([, e]) => e), good2];
    const reply = await a.sync(batch);
    expect(reply.status).toBe(200);
    expect(reply.json.accepted).toEqual([good.id, good2.id]);
    expect(reply.json.rejected.map((r: { code: string }) => r.code)).toEqual(cases.map(([c]) => c));
    for (const r of reply.json.rejected) expect(r.message.length).toBeGreaterThan(0);
    expect(reply.json.rejected[0]).toMatchObject({
      index: 0,
      message: "count: must be at least 1",
    });
    expect(reply.json.rejected[1].message).toBe("extra: is not a known field");
    expect(reply.json.rejected[2]).toMatchObject({ id: null, index: 3 });
    expect((await cardState(cardId)).stamps).toBe(1);
    expect((await cardState(secondCard)).stamps).toBe(3);
  });

  it("rejects a card of another program", async () => {
    const a = await TestDevice.pair(server);
    const { cardId } = await enroll(server, key, server.seed.programId);
    const { defaultProgram } = await import("../programs/default-program");
    const program = defaultProgram(server.seed.merchantId);
    const now = Date.now();
    await server.services.store.createProgram({
      program,
      slug: `second-${now}`,
      createdAt: now,
      updatedAt: now,
    });
    const reply = await a.sync([{ ...a.stamp(cardId), programId: program.id }]);
    expect(reply.json.rejected.map((r: { code: string }) => r.code)).toEqual(["program-mismatch"]);
  });

  it("folds several late events of one card into the right state", async () => {
    const a = await TestDevice.pair(server, server.seed, "staff");
    const b = await TestDevice.pair(server, server.seed, "staff");
    const { cardId } = await enroll(server, key, server.seed.programId);
    const t0 = Date.now() + 1000;
    await a.sync([a.stamp(cardId, 4, "staff", t0 + 10_000)]);
    const late = [b.stamp(cardId, 1, "staff", t0), b.stamp(cardId, 2, "staff", t0 + 1)];
    const next = b.stamp(cardId, 3, "staff", t0 + 20_000);
    const revoke = b.event(
      "stamps.revoked",
      cardId,
      { targetId: late[0]?.id, reason: "wrong card" },
      t0 + 21_000,
    );
    const reply = await b.sync([...late, next, revoke]);
    expect(reply.json.accepted).toHaveLength(4);
    expect(await cardState(cardId)).toMatchObject({ stamps: 9, lifetimeStamps: 9 });
  });

  it("keeps a voucher redeemed on two offline devices, flagged as a conflict", async () => {
    const a = await TestDevice.pair(server, server.seed, "staff");
    const b = await TestDevice.pair(server, server.seed, "staff");
    const { cardId } = await enroll(server, key, server.seed.programId);
    await a.sync([a.stamp(cardId, 10, "staff")]);
    const voucherId = `${cardId}:1`;
    const first = a.event("voucher.redeemed", cardId, { voucherId, method: "staff" });
    const second = b.event("voucher.redeemed", cardId, { voucherId, method: "staff" });
    expect((await b.sync([second])).json.accepted).toEqual([second.id]);
    expect((await a.sync([first])).json.accepted).toEqual([first.id]);
    const state = await cardState(cardId);
    expect(state.cycles).toBe(1);
    expect(state.conflicts).toBe(1);
    expect(state.vouchers[0].status).toBe("redeemed");
  });

  it("pages pulls by the server's sequence, 1000 at a time", async () => {
    const merchant = await anotherMerchant(server, "Paging Cafe");
    const merchantKey = await apiKey(server, merchant);
    const a = await TestDevice.pair(server, merchant, "staff");
    const b = await TestDevice.pair(server, merchant, "staff");
    const { cardId } = await enroll(server, merchantKey, merchant.programId);
    const t0 = Date.now();
    const events = Array.from({ length: 1500 }, (_, i) => a.stamp(cardId, 1, "staff", t0 + i));
    expect((await a.sync(events.slice(0, 1000))).json.accepted).toHaveLength(1000);
    expect((await a.sync(events.slice(1000))).json.accepted).toHaveLength(500);
    // The sender holds these already: one answer moves its cursor past all of them.
    const echo = await a.sync([], null);
    expect(echo.json).toMatchObject({ more: false });
    expect(echo.json.events.map((e: { type: string }) => e.type)).toEqual(["card.enrolled"]);

    const first = await b.sync();
    expect(first.json.events).toHaveLength(1000);
    expect(first.json.more).toBe(true);
    const second = await b.sync();
    expect(second.json.more).toBe(false);
    // A full page goes out as bytes encoded a chunk at a time, the echo of one event as one
    // string (`jsonBody`): both are, byte for byte, the answer as one string.
    expect(first.text.length).toBeGreaterThan(ANSWER_CHUNK_BYTES);
    expect(echo.text.length).toBeLessThan(ANSWER_CHUNK_BYTES);
    for (const page of [first, second, echo]) {
      const events = page.json.events.map((e: unknown) => JSON.stringify(e));
      expect(page.text).toBe(syncAnswerJson({ ...page.json, events }, b.protocol));
      expect(Number(page.headers.get("content-length"))).toBe(Buffer.byteLength(page.text));
    }
    const pulled = [...first.json.events, ...second.json.events].map((e: { id: string }) => e.id);
    expect(pulled).toHaveLength(1501); // 1500 stamps + the enrolment
    expect(new Set(pulled).size).toBe(1501);
    expect(pulled.slice(1)).toEqual(events.map((e) => e.id));
    const third = await b.sync();
    expect(third.json).toMatchObject({ events: [], more: false, cursor: second.json.cursor });
    const card = await call(server, "GET", `/api/v1/cards/${cardId}`, { token: merchantKey });
    expect(card.json).toMatchObject({ lifetimeStamps: 1500, cycles: 150, stamps: 0 });
  });

  it("keeps two merchants' logs apart", async () => {
    const other = await anotherMerchant(server, "Tenant Two");
    const otherKey = await apiKey(server, other);
    const mine = await TestDevice.pair(server, server.seed, "staff");
    const theirs = await TestDevice.pair(server, other, "staff");
    const myCard = await enroll(server, key, server.seed.programId);
    const theirCard = await enroll(server, otherKey, other.programId);
    await mine.sync([mine.stamp(myCard.cardId)]);
    await theirs.sync([theirs.stamp(theirCard.cardId)]);

    const pulled = await theirs.sync([], null);
    const merchants = new Set(pulled.json.events.map((e: { merchantId: string }) => e.merchantId));
    expect([...merchants]).toEqual([other.merchantId]);
    expect(pulled.json.events.map((e: { cardId: string }) => e.cardId)).not.toContain(
      myCard.cardId,
    );

    // Reaching into the other merchant: its card, its merchant id, its program.
    const intrusions = [
      theirs.stamp(myCard.cardId),
      {
        ...theirs.stamp(myCard.cardId),
        merchantId: server.seed.merchantId,
        programId: server.seed.programId,
      },
      { ...theirs.stamp(theirCard.cardId), programId: server.seed.programId },
    ];
    const reply = await theirs.sync(intrusions);
    expect(reply.json.rejected.map((r: { code: string }) => r.code)).toEqual([
      "unknown-card",
      "wrong-merchant",
      "unknown-program",
    ]);
    const myState = await cardState(myCard.cardId);
    expect(myState.stamps).toBe(1);
    const read = await call(server, "GET", `/api/v1/cards/${myCard.cardId}`, {
      token: theirs.token,
    });
    expect(read.status).toBe(404);
  });

  it("tells a device whose cursor is past the end, or from before per-merchant positions, to start over", async () => {
    const a = await TestDevice.pair(server);
    const reply = await a.sync([], "p10000000");
    expect(reply.status).toBe(409);
    expect(reply.json.error.code).toBe("cursor-ahead");
    const legacy = await a.sync([], "12");
    expect(legacy.status).toBe(409);
    expect(legacy.json.error).toMatchObject({ code: "cursor-ahead" });
    expect(legacy.json.error.message).toMatch(/before per-merchant positions/);
    expect((await a.sync([], null)).status).toBe(200);
  });

  it("keeps cursors per merchant: one merchant's cursor says nothing of another's volume", async () => {
    const other = await anotherMerchant(server, "Quiet Cafe");
    const quiet = await TestDevice.pair(server, other);
    const first = await quiet.sync();
    const busy = await TestDevice.pair(server);
    const card = await enroll(server, key, server.seed.programId);
    await busy.sync([busy.stamp(card.cardId), busy.stamp(card.cardId)]);
    const again = await quiet.sync();
    expect(again.json).toMatchObject({ events: [], cursor: first.json.cursor });
    // A till pulls its location's view of the log (stamp-core SPEC SC2): `-l`.
    expect(first.json.cursor).toBe("p0-l");
  });

  it("refuses a revoked device with 401", async () => {
    const a = await TestDevice.pair(server);
    expect((await a.sync()).status).toBe(200);
    expect(
      await server.services.store.revokeDevice(server.seed.merchantId, a.deviceId, Date.now()),
    ).toBe(true);
    const reply = await a.sync();
    expect(reply.status).toBe(401);
    expect(reply.json.error.code).toBe("device-revoked");
    const me = await call(server, "GET", "/api/v1/devices/me", { token: a.token });
    expect(me.json.error.code).toBe("device-revoked");
  });

  it("records a device's clock skew without refusing its events", async () => {
    const a = await TestDevice.pair(server, server.seed, "staff");
    const { cardId } = await enroll(server, key, server.seed.programId);
    const future = Date.now() + 3_600_000;
    const stamp = a.stamp(cardId, 1, "staff", future);
    const reply = await call(server, "POST", "/api/v1/sync", {
      token: a.token,
      body: { cursor: null, events: [stamp], deviceTime: new Date(future).toISOString() },
    });
    expect(reply.json.accepted).toEqual([stamp.id]);
    const device = await server.services.store.getDevice(a.deviceId);
    expect(device?.lastSkewMs).toBeGreaterThan(3_500_000);
  });
});
