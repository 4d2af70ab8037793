import "../testing/fake-idb";
import { describe, expect, it } from "vitest";
import { openStampDb, type StampDb } from "../storage/db";
import { stampEvent, T0 } from "../testing/fixtures";
import { OutboxReader } from "./outbox-reader";
import { PUSH_BATCH } from "./sync-protocol";

let databases = 0;

/** A till with `count` events queued, and the outbox queries its reader has asked for so far. */
async function queued(count: number): Promise<{ db: StampDb; reads: () => number }> {
  databases += 1;
  const db = openStampDb("relaxed", `outbox-reader-${databases}`);
  let reads = 0;
  db.use({
    stack: "dbcore",
    name: "count-outbox-reads",
    create: (core) => ({
      ...core,
      table: (name) => {
        const table = core.table(name);
        return name === "outbox"
          ? {
              ...table,
              query: (request) => {
                reads += 1;
                return table.query(request);
              },
            }
          : table;
      },
    }),
  });
  await db.outbox.bulkAdd(Array.from({ length: count }, (_, i) => stampEvent(T0 + i)));
  return { db, reads: () => reads };
}

describe("OutboxReader", () => {
  it("hands out the outbox oldest first, each event once, across its pages", async () => {
    const { db } = await queued(5 * PUSH_BATCH + 7);
    const reader = new OutboxReader(db);
    const taken = [];
    while (reader.more) taken.push(...(await reader.take(PUSH_BATCH)));
    expect(taken.map((e) => e.id)).toEqual((await db.outbox.toArray()).map((e) => e.id));
  });

  it("asks for the next page as soon as the next batch would need it, before that take", async () => {
    const { db, reads } = await queued(5 * PUSH_BATCH);
    const reader = new OutboxReader(db);
    for (let i = 0; i < 3; i += 1) await reader.take(PUSH_BATCH);
    expect(reads()).toBe(1);
    // The page's last batch: the next one is not in memory, so its read starts now.
    await reader.take(PUSH_BATCH);
    expect(reads()).toBe(2);
    expect(await reader.take(PUSH_BATCH)).toHaveLength(PUSH_BATCH);
    expect(reads()).toBe(2);
  });

  it("starts from the oldest again after a restart, whatever it was reading ahead", async () => {
    const { db } = await queued(5 * PUSH_BATCH);
    const reader = new OutboxReader(db);
    const first = await reader.take(PUSH_BATCH);
    for (let i = 0; i < 3; i += 1) await reader.take(PUSH_BATCH);
    reader.restart();
    expect(await reader.take(PUSH_BATCH)).toEqual(first);
  });

  it("gives a failed read-ahead to the take that needs it, and reads again on the next", async () => {
    const { db } = await queued(5 * PUSH_BATCH);
    const reader = new OutboxReader(db);
    for (let i = 0; i < 3; i += 1) await reader.take(PUSH_BATCH);
    db.close();
    // In memory still; the read it starts for the next batch fails.
    expect(await reader.take(PUSH_BATCH)).toHaveLength(PUSH_BATCH);
    await expect(reader.take(PUSH_BATCH)).rejects.toMatchObject({ name: "DatabaseClosedError" });
    await db.open();
    expect(await reader.take(PUSH_BATCH)).toHaveLength(PUSH_BATCH);
  });
});
