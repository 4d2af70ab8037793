import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, call, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { DEFAULT_FRAUD_SETTINGS } from "../storage/fraud-rows";
import type { Store } from "../storage/store";
import { scanForFraud } from "./fraud-scan";

/** The store, counting the events a scan reads (log pages and card histories). */
function counting(store: Store) {
  const read = { events: 0 };
  const counted: Store = Object.create(store);
  counted.exportEvents = async (...args) => {
    const page = await store.exportEvents(...args);
    read.events += page.length;
    return page;
  };
  counted.cardHistory = async (...args) => {
    const history = await store.cardHistory(...args);
    read.events += history.length;
    return history;
  };
  return { store: counted, read };
}

/**
 * The scan is incremental (stamp-core SPEC F7), over HTTP on both databases: a round reads only
 * the events new since the last, yet a till that was offline for a day still has its late stamps
 * counted in their own window with the ones seen a day before.
 */
describe.each(DATABASES)("incremental fraud scan (%s)", (database) => {
  let server: TestServer;
  let clock = Date.UTC(2026, 11, 4, 10, 0);

  beforeAll(async () => {
    server = await startTestServer({ database, now: () => clock });
  });
  afterAll(() => server.close());

  it("counts a late stamp in its window with the stamps read a day before, reading only new events", async () => {
    const { merchantId, programId } = server.seed;
    const key = await apiKey(server, server.seed);
    const thresholds = { ...DEFAULT_FRAUD_SETTINGS.thresholds, burstStamps: 5 };
    await server.services.store.setFraudSettings(
      merchantId,
      { ...DEFAULT_FRAUD_SETTINGS, thresholds },
      clock,
    );
    const card = await call(server, "POST", "/api/v1/cards", { token: key, body: { programId } });
    const till = await TestDevice.pair(server);
    const window = clock;
    const stamp = (second: number) =>
      till.stamp(card.json.cardId, 1, "staff", window + second * 1000);
    expect((await till.sync([1, 2, 3, 4].map(stamp))).status).toBe(200);

    clock += 60_000;
    const first = counting(server.services.store);
    expect(await scanForFraud(first.store, merchantId, clock)).toEqual([]);
    // Starting over: the lookback (the card's enrolment and four stamps).
    expect(first.read.events).toBe(5);

    clock += 5 * 60_000;
    const idle = counting(server.services.store);
    expect(await scanForFraud(idle.store, merchantId, clock)).toEqual([]);
    expect(idle.read.events).toBe(0);

    // A day later the till, offline since, sends two more stamps made in that window.
    clock += 24 * 60 * 60_000;
    expect((await till.sync([5, 6].map(stamp))).status).toBe(200);
    const late = counting(server.services.store);
    const raised = await scanForFraud(late.store, merchantId, clock);
    expect(raised.map((f) => [f.reason, f.count, f.items.length])).toEqual([["burst-till", 6, 6]]);
    expect(raised[0]?.windowStart).toBeLessThanOrEqual(window);
    // The two new stamps, and their card's history (enrolment and six stamps): made before the
    // last scan, a redemption read then may follow them (F6).
    expect(late.read.events).toBe(2 + 7);

    // Raised once: the same stamps again (a scan done twice) raise nothing more.
    expect(await scanForFraud(server.services.store, merchantId, clock + 1)).toEqual([]);
  });

  it("links a card to the staff member who stamps it by their phone, however either was written", async () => {
    const { merchantId, programId, locationId } = server.seed;
    const owner = await AdminBrowser.signedIn(server);
    const key = await apiKey(server, server.seed);
    const added = await owner.submit("/admin/staff", "/admin/staff", {
      name: "Dana",
      phone: "+49 (30) 765-4321",
      locations: locationId,
    });
    expect(added.status).toBe(303);
    const refused = await owner.submit("/admin/staff", "/admin/staff", {
      name: "Eli",
      phone: "call me",
      locations: locationId,
    });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("Enter a phone number");
    const dana = (await server.services.store.listStaff(merchantId)).find((s) => s.name === "Dana");
    expect(dana?.phone).toBe("+49 (30) 765-4321");
    // Her own card, joined with the number written the national way; and a stranger's.
    const own = await call(server, "POST", "/api/v1/cards", {
      token: key,
      body: { programId, profile: { phone: "030 7654321" } },
    });
    const stranger = await call(server, "POST", "/api/v1/cards", {
      token: key,
      body: { programId, profile: { phone: "030 7654322" } },
    });
    const till = await TestDevice.pair(server);
    const stamp = (cardId: string) =>
      till.event("stamps.added", cardId, { count: 1, channel: "staff", staffId: dana?.id }, clock);
    expect((await till.sync([stamp(own.json.cardId), stamp(stranger.json.cardId)])).status).toBe(
      200,
    );
    clock += 60_000;
    const raised = await scanForFraud(server.services.store, merchantId, clock);
    expect(raised.map((f) => [f.reason, f.subject.id, f.items.map((i) => i.cardId)])).toEqual([
      ["linked-card", dana?.id, [own.json.cardId]],
    ]);
  });
});
