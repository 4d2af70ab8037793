import { afterAll, describe, expect, it } from "vitest";
import {
  anotherMerchant,
  apiKey,
  call,
  enroll,
  type Merchant,
  type Reply,
  TestDevice,
} from "../../test/fixtures";
import { startTestServer } from "../../test/test-server";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// The server's clock, driven: an offline spell is hours that pass between two syncs.
let offset = 0;
const now = () => Date.now() + offset;
const server = await startTestServer({ now });
const key = await apiKey(server, server.seed);
afterAll(() => server.close());

/** A sync as the kiosk sends it: the events and the device's own wall clock. */
function syncAt(till: TestDevice, events: unknown[], deviceTime: number): Promise<Reply> {
  return call(server, "POST", "/api/v1/sync", {
    token: till.token,
    body: { cursor: null, events, deviceTime: new Date(deviceTime).toISOString() },
  });
}

async function lifetimeStamps(cardId: string, token = key): Promise<number> {
  return (await call(server, "GET", `/api/v1/cards/${cardId}`, { token })).json.lifetimeStamps;
}

const codes = (reply: Reply) => reply.json.rejected.map((r: { code: string }) => r.code);

// The demo program limits the kiosk: one stamp per visit, 10 minutes apart (stamp-core DEFAULT_LIMITS).
describe("limits in the server's time (stamp-core SPEC R8)", () => {
  it("enforces the kiosk cooldown at the event's own time, and in the server's time for late events", async () => {
    const { cardId } = await enroll(server, key, server.seed.programId);
    const a = await TestDevice.pair(server, server.seed, "kiosk");
    const b = await TestDevice.pair(server, server.seed, "kiosk");
    const t0 = now();
    // Both tills had nothing left to send at t0, then went offline for half an hour.
    for (const till of [a, b]) expect((await syncAt(till, [], t0)).status).toBe(200);
    offset += 30 * MIN;
    const first = a.stamp(cardId, 1, "kiosk", t0);
    const tooSoon = a.stamp(cardId, 1, "kiosk", t0 + MIN);
    const later = a.stamp(cardId, 1, "kiosk", t0 + 25 * MIN);
    const reply = await syncAt(a, [first, tooSoon, later], now());
    expect(reply.json.accepted).toEqual([first.id, later.id]);
    expect(reply.json.rejected).toMatchObject([{ id: tooSoon.id, code: "cooldown" }]);

    // The other till's stamps arrive late: one fits between the two, the other came too soon
    // after it (at their own time both sort before the card's newest, so only R8 sees that).
    const fits = b.stamp(cardId, 1, "kiosk", t0 + 12 * MIN);
    const crowds = b.stamp(cardId, 1, "kiosk", t0 + 20 * MIN);
    const lateReply = await syncAt(b, [fits, crowds], now());
    expect(lateReply.json.accepted).toEqual([fits.id]);
    expect(codes(lateReply)).toEqual(["cooldown"]);
    expect(await lifetimeStamps(cardId)).toBe(3);
  });

  it("a till whose clock runs a day fast cannot make the next real stamp look early", async () => {
    const { cardId } = await enroll(server, key, server.seed.programId);
    const fast = await TestDevice.pair(server, server.seed, "kiosk");
    const right = await TestDevice.pair(server, server.seed, "kiosk");
    const ahead = fast.stamp(cardId, 1, "kiosk", now() + 23 * HOUR);
    expect((await syncAt(fast, [ahead], now() + 23 * HOUR)).json.accepted).toEqual([ahead.id]);
    // At its own time this stamp sorts before the fast one, so alone it would be judged as late.
    const next = right.stamp(cardId, 1, "kiosk", now() + MIN);
    const reply = await syncAt(right, [next], now() + MIN);
    expect(codes(reply)).toEqual(["cooldown"]);
    expect(await lifetimeStamps(cardId)).toBe(1);
  });

  it("a till whose clock runs a week slow is judged as if it were right, whether it says so or not", async () => {
    const { cardId } = await enroll(server, key, server.seed.programId);
    const right = await TestDevice.pair(server, server.seed, "kiosk");
    const stamp = right.stamp(cardId, 1, "kiosk", now());
    expect((await syncAt(right, [stamp], now())).json.accepted).toEqual([stamp.id]);

    const slow = await TestDevice.pair(server, server.seed, "kiosk");
    const late = slow.stamp(cardId, 1, "kiosk", now() - 7 * DAY);
    expect(codes(await syncAt(slow, [late], now() - 7 * DAY))).toEqual(["cooldown"]);
    // Without its wall clock: nothing it sends can be older than its pairing.
    const silent = await TestDevice.pair(server, server.seed, "kiosk");
    const old = silent.stamp(cardId, 1, "kiosk", now() - 7 * DAY);
    expect(codes(await silent.sync([old]))).toEqual(["cooldown"]);
    expect(await lifetimeStamps(cardId)).toBe(1);
  });

  it("an offline till's backlog keeps its spacing and must fit between the stamps made meanwhile", async () => {
    const { cardId } = await enroll(server, key, server.seed.programId);
    const offline = await TestDevice.pair(server, server.seed, "kiosk");
    const online = await TestDevice.pair(server, server.seed, "kiosk");
    const t0 = now();
    // Its last sync with nothing to send: everything it sends later was made after this.
    expect((await syncAt(offline, [], t0)).status).toBe(200);
    offset += 2 * HOUR + 5 * MIN;
    const meanwhile = online.stamp(cardId, 1, "kiosk", now());
    expect((await syncAt(online, [meanwhile], now())).json.accepted).toEqual([meanwhile.id]);
    offset += 2 * HOUR;
    const backlog = [1, 2, 3].map((h) => offline.stamp(cardId, 1, "kiosk", t0 + h * HOUR));
    const reply = await syncAt(offline, backlog, now());
    // The 2-hour stamp came 5 minutes before the one made meanwhile at another kiosk.
    expect(reply.json.accepted).toEqual([backlog[0]?.id, backlog[2]?.id]);
    expect(codes(reply)).toEqual(["cooldown"]);
    expect(await lifetimeStamps(cardId)).toBe(3);
  });

  it("the daily cap counts what the server received today, whatever a slow clock says", async () => {
    const merchant: Merchant = await anotherMerchant(server, "Daily Cap Café");
    const merchantKey = await apiKey(server, merchant);
    const { store } = server.services;
    const record = await store.getProgram(merchant.merchantId, merchant.programId);
    if (!record) throw new Error("a new merchant has a program");
    const { program } = record;
    const capped = {
      ...program,
      version: program.version + 1,
      limits: { channels: ["kiosk" as const], cooldownSeconds: 0, maxStampsPerDay: 2 },
    };
    expect(await store.updateProgram(capped, program.version, now())).toBe(true);
    const { cardId } = await enroll(server, merchantKey, merchant.programId);
    const right = await TestDevice.pair(server, merchant, "kiosk");
    const today = [right.stamp(cardId, 1, "kiosk", now())];
    offset += HOUR;
    today.push(right.stamp(cardId, 1, "kiosk", now()));
    expect((await syncAt(right, today, now())).json.accepted).toHaveLength(2);
    const slow = await TestDevice.pair(server, merchant, "kiosk");
    const third = slow.stamp(cardId, 1, "kiosk", now() - 3 * DAY);
    expect(codes(await syncAt(slow, [third], now() - 3 * DAY))).toEqual(["daily-cap"]);
    expect(await lifetimeStamps(cardId, merchantKey)).toBe(2);
  });
});
