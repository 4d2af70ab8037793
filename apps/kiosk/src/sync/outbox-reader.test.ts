import "../testing/fake-idb";
import { describe, expect, it } from "vitest";
import { queuedOutbox } from "../testing/queued-outbox";
import { OutboxReader } from "./outbox-reader";
import { PUSH_BATCH } from "./sync-protocol";

const queued = (count: number) => queuedOutbox("outbox-reader", count);

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
