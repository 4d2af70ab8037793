import "../testing/fake-idb";
import { describe, expect, it } from "vitest";
import { queuedOutbox } from "../testing/queued-outbox";
import { OutboxReader } from "./outbox-reader";

/** Events taken at a time: a backlog of a few pages, small enough to stay quick. */
const BATCH = 50;
const queued = (count: number) => queuedOutbox("outbox-reader", count);

describe("OutboxReader", () => {
  it("hands out the outbox oldest first, each event once, across its pages", async () => {
    const { db } = await queued(5 * BATCH + 7);
    const reader = new OutboxReader(db, BATCH);
    const taken = [];
    while (reader.more) taken.push(...(await reader.take(BATCH)));
    expect(taken.map((e) => e.id)).toEqual((await db.outbox.toArray()).map((e) => e.id));
  });

  it("asks for the next page as soon as the batch after next would need it, two takes ahead", async () => {
    const { db, reads } = await queued(5 * BATCH);
    const reader = new OutboxReader(db, BATCH);
    for (let i = 0; i < 2; i += 1) await reader.take(BATCH);
    expect(reads()).toBe(1);
    // One batch of the page left: the one after it is not in memory, so its read starts now.
    await reader.take(BATCH);
    expect(reads()).toBe(2);
    for (let i = 0; i < 2; i += 1) expect(await reader.take(BATCH)).toHaveLength(BATCH);
    expect(reads()).toBe(2);
  });

  it("starts from the oldest again after a restart, whatever it was reading ahead", async () => {
    const { db } = await queued(5 * BATCH);
    const reader = new OutboxReader(db, BATCH);
    const first = await reader.take(BATCH);
    for (let i = 0; i < 3; i += 1) await reader.take(BATCH);
    reader.restart();
    expect(await reader.take(BATCH)).toEqual(first);
  });

  it("gives a failed read-ahead to the take that needs it, and reads again on the next", async () => {
    const { db } = await queued(5 * BATCH);
    const reader = new OutboxReader(db, BATCH);
    for (let i = 0; i < 2; i += 1) await reader.take(BATCH);
    db.close();
    // In memory still; the read the first of them starts for the batch after them fails.
    for (let i = 0; i < 2; i += 1) expect(await reader.take(BATCH)).toHaveLength(BATCH);
    await expect(reader.take(BATCH)).rejects.toMatchObject({ name: "DatabaseClosedError" });
    await db.open();
    expect(await reader.take(BATCH)).toHaveLength(BATCH);
  });
});
