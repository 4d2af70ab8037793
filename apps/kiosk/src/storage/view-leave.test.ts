import "../testing/fake-idb";
import { describe, expect, it } from "vitest";
import { OTHER_DEVICE, stampEvent, T0 } from "../testing/fixtures";
import { countOutboxRequests } from "../testing/queued-outbox";
import { openStampDb, type StampDb } from "./db";
import { heldCounts } from "./held-counts";
import { countView } from "./view-census";
import { leaveOutOfView } from "./view-leave";

const card = (n: number) => `c0000000-0000-4000-8000-00000000010${n}`;
const [IN, OUT, HELD, LATE, QUEUED] = [1, 2, 3, 4, 5].map(card) as [
  string,
  string,
  string,
  string,
  string,
];
let databases = 0;

/** A till holding a pulled stamp of each card, one of its own on HELD held back for a wrong clock. */
async function till(): Promise<StampDb> {
  databases += 1;
  const db = openStampDb("relaxed", `view-leave-${databases}`);
  const pulled = [IN, OUT, HELD, LATE].map((cardId, i) =>
    stampEvent(T0 + i, { cardId, deviceId: OTHER_DEVICE }),
  );
  const held = stampEvent(T0 + 10, { cardId: HELD });
  await Promise.all([
    db.log.bulkAdd([...pulled, held]),
    db.meta.put({ key: "held", value: [held] }),
  ]);
  return db;
}

/** The count of the view as answers store it: narrowed, then pages naming `named`, the last one complete. */
async function count(db: StampDb, named: readonly string[][], more = false): Promise<void> {
  await db.transaction("rw", [db.meta, db.viewCards], async () => {
    await countView(db, true, [], true);
  });
  for (const [i, cardIds] of named.entries())
    await db.transaction("rw", [db.meta, db.viewCards], () =>
      countView(db, false, cardIds, more || i < named.length - 1),
    );
}

const heldCards = async (db: StampDb) => [...(await heldCounts(db)).keys()].sort();

describe("the cards outside a till's view leave it (issue 16)", () => {
  it("keeps a card with an event held back for a wrong clock, and one named after the count", async () => {
    const db = await till();
    await count(db, [[IN]]);
    // An answer after the count completed names a card that joined the view meanwhile.
    await db.transaction("rw", [db.meta, db.viewCards], () => countView(db, false, [LATE], false));

    expect(await leaveOutOfView(db)).toEqual([OUT]);
    expect(await heldCards(db)).toEqual([IN, HELD, LATE].sort());
    expect(await db.meta.get("census")).toBeUndefined();
  });

  it("lets nothing go while the view is still being pulled, or pulled anew", async () => {
    const db = await till();
    await count(db, [[IN], [LATE]], true);
    expect(await db.meta.get("census")).toEqual({ key: "census", value: "pulling" });
    expect(await leaveOutOfView(db)).toEqual([]);

    await count(db, [[IN]]);
    // Narrowed again before the cards went: the count starts over, from no card.
    await db.transaction("rw", [db.meta, db.viewCards], () => countView(db, true, [], false));
    expect(await db.viewCards.count()).toBe(0);
    expect(await leaveOutOfView(db)).toEqual([]);
    expect(await heldCards(db)).toEqual([IN, OUT, HELD, LATE].sort());
  });

  it("keeps a card with an event still in the outbox, looking it up by key, never reading the backlog", async () => {
    const db = await till();
    const pulled = stampEvent(T0 + 5, { cardId: QUEUED, deviceId: OTHER_DEVICE });
    // A backlog of other cards' events, and one of QUEUED's among them.
    const backlog = Array.from({ length: 60 }, (_, i) =>
      stampEvent(T0 + 20 + i, { cardId: i === 30 ? QUEUED : IN }),
    );
    await Promise.all([db.log.bulkAdd([pulled, ...backlog]), db.outbox.bulkAdd(backlog)]);
    await count(db, [[IN]]);
    // Middleware joins a database as it opens.
    db.close({ disableAutoOpen: false });
    const { reads } = countOutboxRequests(db);

    expect(await leaveOutOfView(db)).toEqual([OUT, LATE]);
    expect(await heldCards(db)).toEqual([IN, HELD, QUEUED].sort());
    expect(await db.log.where("cardId").equals(QUEUED).count()).toBe(2);
    // Looked up by key (a `bulkGet`), never read as a whole (a query).
    expect(reads()).toBe(0);
  });
});
