import "../testing/fake-idb";
import { describe, expect, it } from "vitest";
import type { StampDb } from "../storage/db";
import { queuedOutbox } from "../testing/queued-outbox";
import { removeSettled } from "./settled-removal";

const queued = (count: number) => queuedOutbox("settled-removal", count);

function remove(db: StampDb, settled: readonly string[]): Promise<void> {
  return db.transaction("rw", db.outbox, () => removeSettled(db, settled));
}

describe("removeSettled", () => {
  it("deletes a batch that is all the outbox holds between its first and last id as one range", async () => {
    const { db, ids, deletes } = await queued(20);
    // Settled in the server's order, not the outbox's.
    await remove(db, ids.slice(5, 15).reverse());
    expect(await db.outbox.toCollection().primaryKeys()).toEqual([
      ...ids.slice(0, 5),
      ...ids.slice(15),
    ]);
    expect(deletes).toEqual({ keys: 0, ranges: 1 });
  });

  it("keeps an unsettled event between the settled ones, deleting those key by key", async () => {
    const { db, ids, deletes } = await queued(20);
    const settled = ids.slice(5, 15).filter((_, i) => i !== 4);
    await remove(db, settled);
    expect(await db.outbox.toCollection().primaryKeys()).toEqual([
      ...ids.slice(0, 5),
      ids[9],
      ...ids.slice(15),
    ]);
    expect(deletes).toEqual({ keys: settled.length, ranges: 0 });
  });

  it("takes a range whose events are partly gone already (a duplicate answer) and nothing else", async () => {
    const { db, ids } = await queued(20);
    await remove(db, ids.slice(8, 10));
    await remove(db, ids.slice(5, 15));
    expect(await db.outbox.toCollection().primaryKeys()).toEqual([
      ...ids.slice(0, 5),
      ...ids.slice(15),
    ]);
  });

  it("deletes one settled event or none", async () => {
    const { db, ids } = await queued(3);
    await remove(db, []);
    await remove(db, [ids[1] as string]);
    expect(await db.outbox.toCollection().primaryKeys()).toEqual([ids[0], ids[2]]);
  });
});
