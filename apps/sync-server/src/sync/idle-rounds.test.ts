import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, enroll, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { IDLE_SYNC_RECORD_MS } from "./sync-record";

/** An idle till's rounds cost no write while its recorded sync still holds (`sync-record.ts`). */
describe.each(DATABASES)("idle rounds (%s)", (database) => {
  let offset = 0;
  let server: TestServer;
  let key: string;

  beforeAll(async () => {
    server = await startTestServer({ database, now: () => Date.now() + offset });
    key = await apiKey(server, server.seed);
  });
  afterAll(() => server.close());

  const recorded = async (till: TestDevice) => {
    const device = await server.services.store.getDevice(till.deviceId);
    return { lastSyncAt: device?.lastSyncAt, drainedAt: device?.drainedAt };
  };

  it("records an idle till's sync at most every IDLE_SYNC_RECORD_MS, and every round that pushes", async () => {
    const till = await TestDevice.pair(server);
    await till.pullAll();
    const first = await recorded(till);
    expect(first.lastSyncAt).toBe(first.drainedAt);

    offset += IDLE_SYNC_RECORD_MS / 2;
    expect((await till.sync()).status).toBe(200);
    expect(await recorded(till)).toEqual(first);

    offset += IDLE_SYNC_RECORD_MS / 2;
    await till.sync();
    const later = await recorded(till);
    expect(later.lastSyncAt).toBeGreaterThanOrEqual((first.lastSyncAt ?? 0) + IDLE_SYNC_RECORD_MS);
    expect(later.drainedAt).toBe(later.lastSyncAt);

    // A round that pushes is recorded at once (not drained), and the next idle one too (drained).
    const { cardId } = await enroll(server, key, server.seed.programId);
    offset += 1_000;
    await till.sync([till.stamp(cardId)]);
    const pushed = await recorded(till);
    expect(pushed.lastSyncAt).toBeGreaterThan(later.lastSyncAt ?? 0);
    expect(pushed.drainedAt).toBe(later.drainedAt);
    offset += 1_000;
    await till.sync();
    const drained = await recorded(till);
    expect(drained.drainedAt).toBe(drained.lastSyncAt);
    expect(drained.lastSyncAt).toBeGreaterThan(pushed.lastSyncAt ?? 0);
  });
});
