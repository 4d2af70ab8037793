import { afterAll, describe, expect, it, vi } from "vitest";
import { apiKey, call, enroll } from "../test/fixtures";
import { startTestServer } from "../test/test-server";
import { HOUSEKEEPING_EVERY_MS, Housekeeping } from "./housekeeping";
import { createLogger } from "./logger";

let offset = 0;
const now = () => Date.now() + offset;
const server = await startTestServer({ now });
const key = await apiKey(server, server.seed);
afterAll(() => server.close());

const stamp = (card: string, count: number, idempotencyKey: string) =>
  call(server, "POST", "/api/v1/stamps", {
    token: key,
    body: { card, count },
    headers: { "idempotency-key": idempotencyKey },
  });

const keptKeys = async () => (await server.dump(["idempotency_keys"])).idempotency_keys ?? [];

describe("housekeeping", () => {
  it("forgets answers kept under an Idempotency-Key once their day is over, while the server runs", async () => {
    const { cardId } = await enroll(server, key, server.seed.programId);
    expect((await stamp(cardId, 1, "order-1")).status).toBe(200);
    expect((await stamp(cardId, 2, "order-1")).json.error.code).toBe("idempotency-key-reused");
    offset += 23 * 3_600_000;
    await server.services.housekeeping.run();
    expect(await keptKeys()).toHaveLength(1);
    offset += 2 * 3_600_000;
    await server.services.housekeeping.run();
    expect(await keptKeys()).toHaveLength(0);
    expect((await stamp(cardId, 2, "order-1")).status).toBe(200);
  });

  it("forgets rate-limit buckets that are full again", async () => {
    const limits = server.services.storage.limits;
    const limiter = limits.limiter("housekeeping-test", 1, 1);
    expect((await limiter.take("address", now())).ok).toBe(true);
    offset += 2000;
    await server.services.housekeeping.run();
    expect(await limits.forgetFullBuckets(now())).toBe(0);
  });

  it("runs its chores at start and every hour until stopped, each whatever the others do", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const rounds: number[] = [];
      const failing = { name: "failing", run: () => Promise.reject(new Error("database away")) };
      const counting = { name: "counting", run: async () => rounds.push(now()) };
      const housekeeping = new Housekeeping({
        chores: [failing, counting],
        logger: createLogger("silent"),
      });
      housekeeping.start();
      await vi.advanceTimersByTimeAsync(2 * HOUSEKEEPING_EVERY_MS);
      await housekeeping.stop();
      await vi.advanceTimersByTimeAsync(HOUSEKEEPING_EVERY_MS);
      // A failing chore leaves the others to run, every round.
      expect(rounds).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
