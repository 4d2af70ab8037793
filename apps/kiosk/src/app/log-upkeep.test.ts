import "../testing/fake-idb";
import type { StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { openStampDb, type StampDb } from "../storage/db";
import { StorageFailure } from "../storage/storage-failure";
import { DEVICE, makeProgram, OTHER_DEVICE, stampEvent, T0 } from "../testing/fixtures";
import { placeAt } from "../testing/placed";
import { logUpkeep, OWN_KEPT_MS, PRUNE_EVERY_MS } from "./log-upkeep";

const program = makeProgram({ goal: 50 });
let databases = 0;

/** A till that pulled 20 stamps of one card and reached the server's head. */
async function till(): Promise<StampDb> {
  databases += 1;
  const db = openStampDb("relaxed", `log-upkeep-${databases}`);
  const pulled: StampEvent[] = Array.from({ length: 20 }, (_, i) =>
    stampEvent(T0 + i, { deviceId: OTHER_DEVICE }),
  );
  await db.log.bulkAdd(pulled);
  await db.meta.put({ key: "head", value: 50 });
  return db;
}

function upkeep(db: StampDb, now = () => T0 + OWN_KEPT_MS) {
  return logUpkeep({
    db,
    durable: (operation) => operation(),
    programs: () => program,
    deviceId: DEVICE,
    now,
    left: () => {},
  });
}

const full = () => new StorageFailure({ kind: "quota" }, null);

describe("the till's log upkeep (issue 16)", () => {
  it("folds the log after a sync at most every few hours", async () => {
    const db = await till();
    let now = T0 + OWN_KEPT_MS;
    const kept = upkeep(db, () => now);
    await kept.synced();
    expect(await db.log.count()).toBe(8);
    // This till's own stamps, made now and acknowledged at the head.
    const own = Array.from({ length: 5 }, (_, i) => stampEvent(now + i));
    await db.log.bulkAdd(own);
    await placeAt(db, 50, own);
    now += PRUNE_EVERY_MS - 1;
    await kept.synced();
    expect(await db.log.count()).toBe(13);
    now += 1;
    await kept.synced();
    // Five more pulled ones are folded; own events younger than OWN_KEPT_MS stay for a restored
    // server, whatever the tail.
    expect(await db.log.count()).toBe(8);
    expect(await db.log.bulkGet(own.map((e) => e.id))).toEqual(own);
  });

  it("on a full disk folds the log and writes once more; the stamp is saved", async () => {
    const db = await till();
    let tries = 0;
    const saved = await upkeep(db).withRoom(async () => {
      tries += 1;
      if (tries === 1) throw full();
      return (await db.log.count()) < 20 ? "saved after the prune" : "saved without room";
    });
    expect(saved).toBe("saved after the prune");
    expect(tries).toBe(2);
  });

  it("says so when the disk stays full, and leaves other failures to the caller at once", async () => {
    const db = await till();
    let tries = 0;
    const stillFull = upkeep(db).withRoom(async () => {
      tries += 1;
      throw full();
    });
    await expect(stillFull).rejects.toMatchObject({ problem: { kind: "quota" } });
    expect(tries).toBe(2);
    tries = 0;
    const lost = upkeep(db).withRoom(async () => {
      tries += 1;
      throw new StorageFailure({ kind: "connection-lost" }, null);
    });
    await expect(lost).rejects.toMatchObject({ problem: { kind: "connection-lost" } });
    expect(tries).toBe(1);
  });
});
