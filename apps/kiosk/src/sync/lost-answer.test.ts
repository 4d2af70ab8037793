import "../testing/fake-idb";
import { describe, expect, it } from "vitest";
import type { HttpResult } from "../api/http";
import { T0 } from "../testing/fixtures";
import { placedIds } from "../testing/placed";
import { queuedOutbox } from "../testing/queued-outbox";
import { testSyncDeps } from "../testing/sync-deps";
import { syncOnce } from "./sync-engine";
import type { SyncRequest } from "./sync-protocol";

/**
 * A server as the protocol has it: it stores each event once and answers one it already has as a
 * duplicate. `lose`: the push whose answer never reaches the till, after the server stored it.
 */
function server(lose: number) {
  const stored = new Map<string, number>();
  let pushes = 0;
  let duplicates = 0;
  const post = async (request: SyncRequest): Promise<HttpResult> => {
    pushes += 1;
    const accepted: string[] = [];
    const again: string[] = [];
    for (const event of request.events) {
      stored.set(event.id, (stored.get(event.id) ?? 0) + 1);
      (stored.get(event.id) === 1 ? accepted : again).push(event.id);
    }
    duplicates += again.length;
    if (pushes === lose) return { kind: "network", message: "connection reset" };
    return {
      kind: "ok",
      status: 200,
      body: {
        accepted,
        duplicates: again,
        rejected: [],
        events: [],
        cards: [],
        cursor: `p${stored.size}-l`,
        more: false,
        serverTime: new Date(T0).toISOString(),
      },
    };
  };
  return { post, stored, duplicates: () => duplicates };
}

/** Events per request: a backlog of a few batches, small enough to stay quick. */
const BATCH = 50;

describe("a backlog whose answer is lost mid-run", () => {
  it("keeps the unanswered batch queued and sends it again: every event reaches the server, and the till forgets each once", async () => {
    const { db, ids } = await queuedOutbox("lost-answer", 6 * BATCH + 3);
    // The third push: the answer to the second is being stored while it is out.
    const { post, stored, duplicates } = server(3);
    const deps = testSyncDeps(db, post, { now: () => T0, batch: BATCH });

    expect(await syncOnce(deps)).toMatchObject({ kind: "failed", reason: "connection reset" });
    // Answered batches left the outbox; the lost one and everything after it stayed.
    expect((await db.outbox.toArray()).map((e) => e.id)).toEqual(ids.slice(2 * BATCH));

    expect(await syncOnce(deps)).toMatchObject({ kind: "synced", pushed: 4 * BATCH + 3 });
    expect(await db.outbox.count()).toBe(0);
    expect([...stored.keys()].sort()).toEqual([...ids].sort());
    // Only the lost batch was sent twice, and the server kept it once.
    expect(duplicates()).toBe(BATCH);
    // Each acknowledged once: the lost batch's answer was never stored.
    const placed = await placedIds(db);
    expect([...placed.keys()].sort()).toEqual([...ids].sort());
    expect(new Set(placed.values())).toEqual(new Set([1]));
  });
});
