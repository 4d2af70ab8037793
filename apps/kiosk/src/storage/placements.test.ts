import "../testing/fake-idb";
import { describe, expect, it } from "vitest";
import { stampEvent, T0 } from "../testing/fixtures";
import { placeAt } from "../testing/placed";
import { openStampDb } from "./db";
import { CARDS_PER_PLACEMENT, placedBy, placementRows, unplace } from "./placements";

const A = "c0000000-0000-4000-8000-00000000000a";
const B = "c0000000-0000-4000-8000-00000000000b";
let databases = 0;

function freshDb() {
  databases += 1;
  return openStampDb("relaxed", `placements-${databases}`);
}

describe("placements", () => {
  it("groups a placement's events by card", () => {
    const a1 = stampEvent(T0, { cardId: A });
    const b1 = stampEvent(T0 + 1, { cardId: B });
    const a2 = stampEvent(T0 + 2, { cardId: A });
    expect(placementRows(7, [a1, b1, a2])).toEqual([
      { by: 7, cardIds: [A, B], ids: [[a1.id, a2.id], [b1.id]] },
    ]);
  });

  it("names a bounded number of cards a row: a card's read loads only its rows' few ids", async () => {
    const db = freshDb();
    const cards = Array.from(
      { length: 2 * CARDS_PER_PLACEMENT + 1 },
      (_, i) => `c0000000-0000-4000-8000-${i.toString().padStart(12, "0")}`,
    );
    const events = cards.flatMap((cardId, i) => [
      stampEvent(T0 + i, { cardId }),
      stampEvent(T0 + i, { cardId }),
    ]);
    await placeAt(db, 40, events);
    const rows = await db.placements.toArray();
    expect(rows.map((row) => row.cardIds.length)).toEqual([
      CARDS_PER_PLACEMENT,
      CARDS_PER_PLACEMENT,
      1,
    ]);
    expect(rows.flatMap((row) => row.ids.flat()).sort()).toEqual(events.map((e) => e.id).sort());
    const last = cards.at(-1) as string;
    expect(await db.placements.where("cardIds").equals(last).toArray()).toEqual([
      { seq: 3, by: 40, cardIds: [last], ids: [events.slice(-2).map((e) => e.id)] },
    ]);
    expect(await placedBy(db, [cards[0] as string, last])).toEqual(
      new Map([...events.slice(0, 2), ...events.slice(-2)].map((e) => [e.id, 40])),
    );
    db.close();
  });

  it("gives the asked cards' events their earliest position, in one row per answer", async () => {
    const db = freshDb();
    const a = stampEvent(T0, { cardId: A });
    const b = stampEvent(T0 + 1, { cardId: B });
    await placeAt(db, 50, [a, b]);
    await placeAt(db, 30, [a]);
    await placeAt(db, 70, [a]);
    expect(await db.placements.count()).toBe(3);
    expect(await placedBy(db, [A])).toEqual(new Map([[a.id, 30]]));
    expect(await placedBy(db, [A, B])).toEqual(
      new Map([
        [a.id, 30],
        [b.id, 50],
      ]),
    );
    db.close();
  });

  it("takes events out of every row naming them, rewriting the rest and deleting emptied rows", async () => {
    const db = freshDb();
    const [a1, a2, b1] = [
      stampEvent(T0, { cardId: A }),
      stampEvent(T0 + 1, { cardId: A }),
      stampEvent(T0 + 2, { cardId: B }),
    ];
    await placeAt(db, 50, [a1, a2, b1]);
    await placeAt(db, 60, [a1]);
    await db.transaction("rw", db.placements, () => unplace(db, [A], (id) => id === a1.id));
    // The row at 60 named only a1: gone. The one at 50 keeps a2 and B's event.
    expect(await db.placements.toArray()).toEqual([
      { seq: 1, by: 50, cardIds: [A, B], ids: [[a2.id], [b1.id]] },
    ]);
    // A card's events only: B's stay though `goes` would take every event.
    await db.transaction("rw", db.placements, () => unplace(db, [A], () => true));
    expect(await db.placements.toArray()).toEqual([
      { seq: 1, by: 50, cardIds: [B], ids: [[b1.id]] },
    ]);
    expect(await db.placements.where("cardIds").equals(A).count()).toBe(0);
    db.close();
  });
});
