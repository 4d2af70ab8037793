import { hlcMillis } from "@stamp/core";
import { afterAll, describe, expect, it } from "vitest";
import { anotherMerchant, apiKey, call, enroll, type Reply, TestDevice } from "../../test/fixtures";
import { startTestServer } from "../../test/test-server";
import { loadConfig } from "../config";
import { createLogger } from "../logger";
import { openServices } from "../open-services";

const HOUR = 3_600_000;
const server = await startTestServer();
const key = await apiKey(server, server.seed);
afterAll(() => server.close());

/** The event with its HLC moved to `iso`: what a till whose clock says `iso` sends. */
function datedAt<T extends { hlc: string }>(event: T, iso: string): T {
  return { ...event, hlc: `${iso}${event.hlc.slice(24)}` };
}

const codes = (reply: Reply) => reply.json.rejected.map((r: { code: string }) => r.code);

async function lifetimeStamps(cardId: string): Promise<number> {
  return (await call(server, "GET", `/api/v1/cards/${cardId}`, { token: key })).json.lifetimeStamps;
}

describe("device time is evidence, not authority (stamp-core SPEC H5)", () => {
  it("refuses the extremes: year 9999, year 0000, the epoch (till-rules.test has the usual cases)", async () => {
    const till = await TestDevice.pair(server, server.seed, "staff");
    const { cardId } = await enroll(server, key, server.seed.programId);
    const wrong = [
      "9999-12-31T23:59:59.999Z",
      "2099-01-01T00:00:00.000Z",
      "1970-01-01T00:00:00.000Z",
      "0000-01-01T00:00:00.000Z",
    ].map((iso) => datedAt(till.stamp(cardId, 1), iso));
    const reply = await till.sync(wrong);
    expect(reply.status).toBe(200);
    expect(codes(reply)).toEqual(wrong.map(() => "device-clock-wrong"));
    for (const rejected of reply.json.rejected)
      expect(rejected.message).toContain("this device's clock is wrong");
    expect(reply.json.rejected[1].message).toContain("2099-01-01T00:00:00.000Z");
    expect(await lifetimeStamps(cardId)).toBe(0);
  });

  it("the allowed drift is configurable (MAX_CLOCK_DRIFT_SECONDS)", async () => {
    const strict = await startTestServer({ maxClockDriftMs: 60_000 });
    try {
      const strictKey = await apiKey(strict, strict.seed);
      const till = await TestDevice.pair(strict, strict.seed, "staff");
      const { cardId } = await enroll(strict, strictKey, strict.seed.programId);
      const early = till.stamp(cardId, 1, "staff", Date.now() + 10_000);
      const late = till.stamp(cardId, 1, "staff", Date.now() + 5 * 60_000);
      const reply = await till.sync([early, late]);
      expect(reply.json.accepted).toEqual([early.id]);
      expect(codes(reply)).toEqual(["device-clock-wrong"]);
    } finally {
      await strict.close();
    }
    expect(() => loadConfig({ MAX_CLOCK_DRIFT_SECONDS: "30" })).toThrow(/MAX_CLOCK_DRIFT_SECONDS/);
    expect(loadConfig({ MAX_CLOCK_DRIFT_SECONDS: "3600" }).maxClockDriftMs).toBe(HOUR);
    expect(loadConfig({}).maxClockDriftMs).toBe(24 * HOUR);
  });

  it("H7: one merchant's till dated ahead moves no server-made event, now or after a restart", async () => {
    const other = await anotherMerchant(server, "Other Café");
    const otherKey = await apiKey(server, other);
    const till = await TestDevice.pair(server, server.seed, "staff");
    const { cardId } = await enroll(server, key, server.seed.programId);
    await till.sync([
      datedAt(till.stamp(cardId, 1), "9999-12-31T23:59:59.999Z"),
      till.stamp(cardId, 1, "staff", Date.now() + 23 * HOUR),
    ]);
    const otherCard = await enroll(server, otherKey, other.programId);
    const reader = await TestDevice.pair(server, other, "staff");
    const enrolled = (await reader.sync()).json.events.find(
      (e: { cardId: string }) => e.cardId === otherCard.cardId,
    );
    expect(hlcMillis(enrolled.hlc)).toBeLessThanOrEqual(Date.now() + 60_000);

    // A server started on this data dir reads the log's newest time (the till's, 23 h ahead).
    const restarted = await openServices(
      loadConfig({ DATA_DIR: server.dataDir, HTTPS_PORT: "off" }),
      createLogger("silent"),
      server.url,
    );
    try {
      const stamped = restarted.clock.stamp(other.merchantId, Date.now());
      expect(hlcMillis(stamped)).toBeLessThanOrEqual(Date.now() + 60_000);
    } finally {
      await restarted.storage.close();
    }
  });

  it("refuses the wrong clock only after the permanent reasons, so a till keeps only what a right clock makes good", async () => {
    const till = await TestDevice.pair(server, server.seed, "kiosk");
    const { cardId } = await enroll(server, key, server.seed.programId);
    const far = "2099-01-01T00:00:00.000Z";
    const reply = await till.sync([
      datedAt(till.stamp(cardId, 1, "pos"), far),
      datedAt(till.stamp(cardId, 5, "kiosk"), far),
      datedAt(till.stamp(cardId, 1, "kiosk"), far),
    ]);
    expect(codes(reply)).toEqual(["server-only", "scan-cap", "device-clock-wrong"]);
  });
});
