import { randomUUID } from "node:crypto";
import type { FraudFlag } from "@stamp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anotherMerchant, apiKey, call, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { fraudFlagId } from "../fraud/fraud-scan";
import { DEFAULT_FRAUD_SETTINGS } from "../storage/fraud-rows";

/**
 * `/api/v1/fraud-flags` over HTTP: the flags the scan raised with who, where and what they link
 * to; paged; reviewed once (the same review again answers the same, the other decision is a 409),
 * audited like the admin queue's; another merchant's key finds none of them.
 */
describe.each(DATABASES)("fraud flags API (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let clock = Date.UTC(2026, 11, 3, 12, 0);

  beforeAll(async () => {
    server = await startTestServer({ database, now: () => clock });
    key = await apiKey(server, server.seed);
  });
  afterAll(() => server.close());

  const list = (query = "", token = key) =>
    call(server, "GET", `/api/v1/fraud-flags${query}`, { token });
  const review = (id: string, body: unknown, token = key) =>
    call(server, "POST", `/api/v1/fraud-flags/${id}/review`, { token, body });

  it("lists the flags a burst raised, with the staff member, till, location and events", async () => {
    const { store } = server.services;
    const { merchantId, programId, locationId } = server.seed;
    await store.setFraudSettings(
      merchantId,
      {
        ...DEFAULT_FRAUD_SETTINGS,
        thresholds: { ...DEFAULT_FRAUD_SETTINGS.thresholds, burstStamps: 2 },
      },
      clock,
    );
    const ben = randomUUID();
    await store.createStaff({
      id: ben,
      merchantId,
      name: "Ben Okafor",
      adminUserId: null,
      locationIds: [locationId],
      pin: null,
      createdAt: clock,
    });
    const card = await call(server, "POST", "/api/v1/cards", { token: key, body: { programId } });
    const till = await TestDevice.pair(server);
    const stamps = [0, 1, 2].map((s) =>
      till.event(
        "stamps.added",
        card.json.cardId,
        { count: 1, channel: "staff", staffId: ben },
        clock + s * 1000,
      ),
    );
    expect((await till.sync(stamps)).status).toBe(200);
    clock += 60_000;
    expect(await server.services.fraudWatch.runOnce()).toBe(2);

    const open = await list();
    expect(open.status).toBe(200);
    expect(open.json.next).toBeNull();
    const byKind = new Map(open.json.items.map((f: { kind: string }) => [f.kind, f]));
    const stampIds = stamps.map((s) => ({ id: s.id, cardId: card.json.cardId }));
    expect(byKind.get("burst-person")).toEqual({
      id: expect.any(String),
      kind: "burst-person",
      status: "open",
      raisedAt: new Date(clock).toISOString(),
      windowStart: expect.any(String),
      windowEnd: expect.any(String),
      count: 3,
      location: { id: locationId, name: expect.any(String) },
      staff: { id: ben, name: "Ben Okafor" },
      device: null,
      account: null,
      items: stampIds,
      review: null,
    });
    expect(byKind.get("burst-till")).toMatchObject({
      staff: null,
      device: { id: till.deviceId, name: "Till" },
      items: stampIds,
    });
    expect((await list("?status=confirmed")).json).toEqual({ items: [], next: null });
    expect((await list("?status=nope")).json).toMatchObject({ error: { code: "invalid-query" } });
    expect((await list("?cursor=x")).status).toBe(400);
  });

  it("reviews a flag once, audited; again the same answer, the other decision a 409", async () => {
    const { merchantId } = server.seed;
    const [flag] = (await list()).json.items;
    const missing = await review(flag.id, { decision: "confirm", note: "" });
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe("invalid-body");

    clock += 1000;
    const confirmed = await review(flag.id, { decision: "confirm", note: " Paid for by nobody " });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({
      id: flag.id,
      status: "confirmed",
      review: {
        note: "Paid for by nobody",
        by: expect.stringMatching(/^API key /),
        at: new Date(clock).toISOString(),
      },
    });
    clock += 1000;
    const again = await review(flag.id, { decision: "confirm", note: "Paid for by nobody" });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(confirmed.json);
    const other = await review(flag.id, { decision: "dismiss", note: "Changed my mind" });
    expect(other.status).toBe(409);
    expect(other.json.error).toEqual({ code: "fraud-flag-reviewed", message: expect.any(String) });

    const audited = await server.services.store.listAudit(
      merchantId,
      { action: "fraud.confirmed" },
      null,
      10,
    );
    expect(audited.map((a) => [a.target, a.actorLabel.startsWith("API key ")])).toEqual([
      [flag.id, true],
    ]);
    expect((await list("?status=confirmed")).json.items.map((f: { id: string }) => f.id)).toEqual([
      flag.id,
    ]);
    expect((await list()).json.items).toHaveLength(1);
  });

  it("is the merchant's own: another merchant's key finds and reviews none of it", async () => {
    const [flag] = (await list()).json.items;
    const otherKey = await apiKey(server, await anotherMerchant(server, "Other Cafe"));
    expect((await list("", otherKey)).json).toEqual({ items: [], next: null });
    const foreign = await review(flag.id, { decision: "dismiss", note: "not mine" }, otherKey);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe("fraud-flag-not-found");
    expect((await review("not-a-uuid", { decision: "dismiss", note: "x" })).status).toBe(404);
    expect((await list()).json.items[0]).toMatchObject({ id: flag.id, status: "open" });
  });

  it("pages 50 at a time, newest first, through `next`", async () => {
    const { merchantId } = server.seed;
    const raised: string[] = [];
    for (let i = 0; i < 60; i++) {
      clock += 1000;
      const flag: FraudFlag = {
        key: `manual-adjustments:admin:${randomUUID()}:${clock}`,
        reason: "manual-adjustments",
        subject: { kind: "admin", id: randomUUID() },
        locationId: null,
        windowStart: clock,
        windowEnd: clock + 1,
        count: 11,
        items: [],
      };
      const id = fraudFlagId(merchantId, flag.key);
      await server.services.store.raiseFraudFlags(merchantId, [{ id, flag }], clock);
      raised.push(id);
    }
    const first = await list();
    expect(first.json.items).toHaveLength(50);
    expect(first.json.items[0]).toMatchObject({
      account: { id: expect.any(String) },
      location: null,
    });
    const second = await list(`?status=open&cursor=${first.json.next}`);
    expect(second.json.next).toBeNull();
    const seen = [...first.json.items, ...second.json.items].map((f: { id: string }) => f.id);
    expect(seen).toHaveLength(61);
    expect(seen.slice(0, 60)).toEqual(raised.reverse());
  });
});
