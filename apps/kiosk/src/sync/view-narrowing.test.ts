import "../testing/fake-idb";
import type { StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import type { HttpResult } from "../api/http";
import { logUpkeep, OWN_KEPT_MS } from "../app/log-upkeep";
import { openStampDb, type StampDb } from "../storage/db";
import { heldCounts } from "../storage/held-counts";
import { place } from "../storage/placements";
import { makeProgram, OTHER_DEVICE, stampEvent, T0 } from "../testing/fixtures";
import { testSyncDeps } from "../testing/sync-deps";
import { syncOnce } from "./sync-engine";
import type { SyncRequest } from "./sync-protocol";

const NOW = T0 + OWN_KEPT_MS;
let databases = 0;
const card = (n: number) => `c0000000-0000-4000-8000-00000000000${n}`;
const [A, B, C, D, E, F] = [card(1), card(2), card(3), card(4), card(5), card(6)];

/** A server answering each cursor as `script` says: its events taken by none, its clock at NOW. */
function scripted(script: (cursor: string | null) => object, asked: (string | null)[]) {
  return async (request: SyncRequest): Promise<HttpResult> => {
    asked.push(request.cursor);
    const body = {
      accepted: [],
      duplicates: [],
      rejected: [],
      events: [],
      cards: [],
      more: false,
      serverTime: new Date(NOW).toISOString(),
      ...script(request.cursor),
    };
    return { kind: "ok", status: 200, body: JSON.parse(JSON.stringify(body)) };
  };
}

/**
 * A till that replicated the merchant's whole log up to 50: a pulled stamp of each of five cards
 * (B's folded into a snapshot, its tail event placed), an unsent stamp of its own on C, D scanned
 * lately, and a stamp on E held back for a wrong clock.
 */
async function merchantTill(): Promise<{ db: StampDb; unsent: StampEvent; held: StampEvent }> {
  databases += 1;
  const db = openStampDb("relaxed", `view-narrowing-${databases}`);
  const pulled = [A, B, C, D, E].map((cardId, i) =>
    stampEvent(T0 + i, { cardId, deviceId: OTHER_DEVICE }),
  );
  const unsent = stampEvent(NOW - 10, { cardId: C });
  const held = stampEvent(NOW - 5, { cardId: E });
  const tailOfB = pulled[1] as StampEvent;
  await Promise.all([
    db.log.bulkAdd([...pulled, unsent, held]),
    db.outbox.add(unsent),
    db.snapshots.put({ cardId: B, at: 40, snapshot: null }),
    place(db, 40, [tailOfB]),
    db.scans.add({
      at: NOW - 60_000,
      mode: "staff",
      cardId: D,
      outcome: { kind: "stamped", count: 2, stamps: 2, goal: 10 },
    }),
    db.meta.bulkPut([
      { key: "cursor", value: "p50" },
      { key: "head", value: 50 },
      { key: "held", value: [held] },
    ]),
  ]);
  return { db, unsent, held };
}

describe("a till whose view narrows (issue 16)", () => {
  it("pulls its view anew and lets the cards outside it go, never one with an unsent event", async () => {
    const { db, unsent } = await merchantTill();
    const fresh = stampEvent(NOW - 1, { cardId: F, deviceId: OTHER_DEVICE });
    const atA = stampEvent(NOW - 2, { cardId: A, deviceId: OTHER_DEVICE });
    const asked: (string | null)[] = [];
    // The merchant set the till's location to its own scope: the server goes on from 50 in it.
    const post = scripted((cursor) => {
      if (cursor === "p50") return { cursor: "p52-l" };
      if (cursor === null)
        return {
          cursor: `p52-l~cv1~${A}`,
          more: true,
          cards: [{ cardId: A, at: 52, snapshot: null, tail: [atA] }],
        };
      return { cursor: "p53-l", events: [fresh] };
    }, asked);
    const run = await syncOnce(testSyncDeps(db, post, { now: () => NOW }));

    expect(run).toMatchObject({ kind: "synced" });
    expect(asked).toEqual(["p50", null, `p52-l~cv1~${A}`]);
    expect(await db.meta.get("cursor")).toEqual({ key: "cursor", value: "p53-l" });
    expect(await db.meta.get("census")).toEqual({ key: "census", value: "complete" });
    expect((await db.viewCards.toCollection().primaryKeys()).sort()).toEqual([A, F].sort());

    const left: string[] = [];
    const upkeep = logUpkeep({
      db,
      durable: (operation) => operation(),
      programs: () => makeProgram({ goal: 50 }),
      deviceId: unsent.deviceId,
      now: () => NOW,
      left: (cardIds) => left.push(...cardIds),
    });
    await upkeep.synced();

    expect(left).toEqual([B]);
    expect([...(await heldCounts(db)).keys()].sort()).toEqual([A, C, D, E, F].sort());
    expect(await db.snapshots.get(B)).toBeUndefined();
    expect(await db.placements.where("cardIds").equals(B).count()).toBe(0);
    // The held stamp was dated anew (the clock is right again) and waits in the outbox beside C's.
    expect((await db.outbox.toArray()).map((e) => e.cardId).sort()).toEqual([C, E].sort());
    expect(await db.outbox.get(unsent.id)).toEqual(unsent);
    expect(await db.meta.get("census")).toBeUndefined();
    expect(await db.viewCards.count()).toBe(0);
    // Nothing more goes at the next sync: the count is over.
    await upkeep.synced();
    expect(left).toEqual([B]);
  });
});
