import "../testing/fake-idb";
import { describe, expect, it } from "vitest";
import { T0 } from "../testing/fixtures";
import { placedIds } from "../testing/placed";
import { queuedOutbox } from "../testing/queued-outbox";
import { acceptingServer, testSyncDeps } from "../testing/sync-deps";
import { syncOnce } from "./sync-engine";
import type { SyncRequest } from "./sync-protocol";

/** Events per request: a backlog of a few batches, small enough to stay quick. */
const BATCH = 50;

describe("a backlog's requests and the stores of their answers", () => {
  it("sends the next batch while an earlier answer is still being stored, and stores every answer", async () => {
    const { db, ids } = await queuedOutbox("send-before-store", 3 * BATCH + 1);
    const accept = acceptingServer([], "p1-l", T0);
    const sent: string[] = [];
    let fourthSent: () => void = () => {};
    const fourth = new Promise<void>((resolve) => {
      fourthSent = resolve;
    });
    const post = (request: SyncRequest) => {
      sent.push(request.events[0]?.id ?? "none");
      if (sent.length === 4) fourthSent();
      return accept(request);
    };
    let stores = 0;
    // The second answer's store (the first is the clock's check, stored before anything goes on)
    // lasts until the fourth request is out: the third answer arrives meanwhile.
    const withRoom = async <T>(write: () => Promise<T>): Promise<T> => {
      stores += 1;
      if (stores === 2) await fourth;
      return write();
    };

    expect(
      await syncOnce(testSyncDeps(db, post, { now: () => T0, withRoom, batch: BATCH })),
    ).toMatchObject({
      kind: "synced",
      pushed: ids.length,
    });
    expect(sent).toEqual([0, 1, 2, 3].map((i) => ids[i * BATCH]));
    expect(stores).toBe(4);
    expect(await db.outbox.count()).toBe(0);
    expect((await placedIds(db)).size).toBe(ids.length);
    // One placement per answer, not one row per event.
    expect(await db.placements.count()).toBe(4);
  });
});
