import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, call } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/test-server";
import { setCardBlocked } from "../../cards/block-card";
import type { PushJob } from "../wallet-store";
import { SqliteWalletStore } from "./sqlite-wallet-store";

/**
 * The push outbox under the worker's feet: the server's own worker is parked (hour-long interval)
 * so these tests claim jobs themselves, from two connections as two server processes would.
 */
let server: TestServer;
let key: string;
let processA: SqliteWalletStore;
let processB: SqliteWalletStore;

beforeAll(async () => {
  server = await startTestServer({ walletEnv: { WALLET_PUSH_INTERVAL_MS: "3600000" } });
  key = await apiKey(server, server.seed);
  processA = new SqliteWalletStore(join(server.dataDir, "stamp.db"));
  processB = new SqliteWalletStore(join(server.dataDir, "stamp.db"));
});
afterAll(async () => {
  await processA.close();
  await processB.close();
  await server.close();
});

async function listenedCard(): Promise<{ cardId: string; code: string }> {
  const reply = await call(server, "POST", "/api/v1/cards", {
    token: key,
    body: { programId: server.seed.programId },
  });
  const { cardId, code } = reply.json as { cardId: string; code: string };
  await server.services.wallet.store.register({
    deviceLibraryId: `device-${cardId.slice(0, 8)}`,
    passTypeId: "pass.dev.stamp.loyalty",
    cardId,
    pushToken: "ab".repeat(32),
    createdAt: Date.now(),
  });
  return { cardId, code };
}

function only(jobs: readonly PushJob[]): PushJob {
  if (jobs.length !== 1) throw new Error(`expected one job, got ${jobs.length}`);
  return jobs[0] as PushJob;
}

const stamp = (card: string) =>
  call(server, "POST", "/api/v1/stamps", {
    token: key,
    body: { card },
    headers: { "idempotency-key": randomUUID() },
  });

describe("wallet push outbox", () => {
  it("coalesces changes of one card into one job", async () => {
    const card = await listenedCard();
    expect(await processA.pushJob(card.cardId)).toBeNull();
    await stamp(card.code);
    await stamp(card.code);
    expect(await processA.pushJob(card.cardId)).toMatchObject({ status: "pending", generation: 2 });
    const claimed = (await processA.claimPushJobs(Date.now(), 60_000, 100)).filter(
      (job) => job.cardId === card.cardId,
    );
    expect(claimed).toHaveLength(1);
    await processA.completePushJob(only(claimed));
  });

  it("gives a due job to one process only, and back to another once the lease runs out", async () => {
    const card = await listenedCard();
    await stamp(card.code);
    const now = Date.now();
    const mine = (jobs: PushJob[]) => jobs.filter((job) => job.cardId === card.cardId);
    expect(mine(await processA.claimPushJobs(now, 60_000, 100))).toHaveLength(1);
    expect(mine(await processB.claimPushJobs(now, 60_000, 100))).toHaveLength(0);
    const retaken = mine(await processB.claimPushJobs(now + 60_001, 60_000, 100));
    expect(retaken).toMatchObject([{ cardId: card.cardId, attempts: 2 }]);
    await processB.completePushJob(only(retaken));
    expect(await processA.pushJob(card.cardId)).toBeNull();
  });

  it("keeps the job when the card changed while it was being sent", async () => {
    const card = await listenedCard();
    await stamp(card.code);
    const job = only(
      (await processA.claimPushJobs(Date.now(), 60_000, 100)).filter(
        (j) => j.cardId === card.cardId,
      ),
    );
    await stamp(card.code);
    await processA.completePushJob(job);
    expect(await processA.pushJob(card.cardId)).toMatchObject({
      status: "pending",
      generation: 2,
      attempts: 0,
    });
  });

  it("does not bump the pass or queue a push when nothing visible changed", async () => {
    const card = await listenedCard();
    const before = await processA.getPass(card.cardId);
    const outcome = await setCardBlocked(
      server.services,
      { merchantId: server.seed.merchantId, programId: server.seed.programId, cardId: card.cardId },
      false,
      "",
    );
    expect(outcome.status).toBe("accepted");
    expect(await processA.getPass(card.cardId)).toEqual(before);
    expect(await processA.pushJob(card.cardId)).toBeNull();

    await setCardBlocked(
      server.services,
      { merchantId: server.seed.merchantId, programId: server.seed.programId, cardId: card.cardId },
      true,
      "lost phone",
    );
    expect((await processA.getPass(card.cardId))?.updateSeq).toBeGreaterThan(
      before?.updateSeq ?? 0,
    );
    expect(await processA.pushJob(card.cardId)).toMatchObject({ status: "pending" });
  });
});
