import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HeldWalSyncs } from "../../../test/held-wal-syncs";
import { admitEvent } from "../../sync/admission";
import { newCard, newMerchant, newTill } from "../contract/harness";
import { openSqliteStorage } from "./sqlite-storage";

const dir = mkdtempSync(join(tmpdir(), "after-wal-sync-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Marks when `promise` settles, to check that an answer is still waiting. */
function watch<T>(promise: Promise<T>): { settled: boolean; promise: Promise<T> } {
  const watched = { settled: false, promise };
  const mark = () => {
    watched.settled = true;
  };
  promise.then(mark, mark);
  return watched;
}

describe("SQLite answers after the WAL sync", () => {
  it("answers a sync round, and reads that may see it, only once its commit is synced; a failed sync fails the round and what follows", async () => {
    const syncs = new HeldWalSyncs();
    const storage = openSqliteStorage(join(dir, "round.db"), { syncWal: syncs.syncWal });
    const { store, wallet } = storage;
    const merchant = await newMerchant(store);
    const till = await newTill(store, merchant);
    const cardId = await newCard(store, merchant);
    const round = (now: number) =>
      store.recordSync(
        { deviceId: till.deviceId, now, skewMs: 0, drained: false },
        {
          merchantId: merchant.merchantId,
          events: [till.stamp(cardId, 1, now)],
          admit: admitEvent,
          now,
        },
      );
    const before = await store.maxSeq(merchant.merchantId);

    syncs.hold = true;
    const stamped = watch(round(Date.now()));
    const sync = await syncs.next(); // asked for once the round committed
    const seq = watch(store.maxSeq(merchant.merchantId)); // a read that sees the stamp
    const card = watch(wallet.findCard(cardId));
    expect([stamped.settled, seq.settled, card.settled]).toEqual([false, false, false]);
    sync.release();
    expect((await stamped.promise).map((outcome) => outcome.status)).toEqual(["accepted"]);
    expect(await seq.promise).toBeGreaterThan(before);
    expect(await card.promise).not.toBeNull();

    const refused = round(Date.now() + 1);
    (await syncs.next()).fail(new Error("EIO"));
    await expect(refused).rejects.toThrow(/could not be synced to disk/);
    await expect(store.getMerchant(merchant.merchantId)).rejects.toThrow(/could not be synced/);
    expect(await storage.ready()).toEqual({
      ok: false,
      reason: expect.stringMatching(/write-ahead log could not be synced.*restart the server/),
    });
    await expect(storage.close()).rejects.toThrow(/could not be synced/);
  });

  it("syncs before closing: what was answered is in the file after a reopen", async () => {
    const file = join(dir, "reopen.db");
    const first = openSqliteStorage(file);
    const merchant = await newMerchant(first.store, "Reopened Cafe");
    await first.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const second = openSqliteStorage(file);
    expect((await second.store.getMerchant(merchant.merchantId))?.name).toBe("Reopened Cafe");
    await second.close();
  });
});
