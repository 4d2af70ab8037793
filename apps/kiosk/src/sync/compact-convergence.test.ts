import "../testing/fake-idb";
import { type Program, Replica, type StampEvent } from "@stamp/core";
import { DEVICE, seededRandom, T0 } from "@stamp/core/testing";
import { historyArb, programArb } from "@stamp/core/testing/arbitraries";
import { ScopedLogModel } from "@stamp/core/testing/scoped-log-model";
import { cursorPosition } from "@stamp/wire-protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { HttpResult } from "../api/http";
import { foldRecord } from "../cards/card-record";
import { heldCardIds, readCardRecord } from "../storage/card-records";
import { compactStores, storeCompactCard } from "../storage/compact-store";
import { openStampDb, type StampDb } from "../storage/db";
import { pruneLog } from "../storage/log-prune";
import { countsAndScan } from "../testing/log-counts-scan";
import { placedIds } from "../testing/placed";
import { testSyncDeps } from "../testing/sync-deps";
import { type CardFetchDeps, fetchCard, fetchUnheldCard } from "./card-fetch";
import { syncOnce } from "./sync-engine";

const RUNS = Number(process.env.STAMP_PROPERTY_RUNS ?? 20);
const NOW = T0 + 30 * 86_400_000;
let databases = 0;

interface Till {
  readonly index: number;
  readonly location: number;
  readonly db: StampDb;
  online: boolean;
}

const ok = (body: unknown): HttpResult => ({
  kind: "ok",
  status: 200,
  body: JSON.parse(JSON.stringify(body)),
});

/**
 * Tills whose whole state is the kiosk's IndexedDB (fake-indexeddb), run by the kiosk's own sync
 * engine, card fetch and compact store against stamp-core's model of a protocol-5 server: the
 * history's events are made at random tills in its order (its random HLCs make late events),
 * tills go offline and online, answers get lost or say there is more, cards outside a till's
 * scope and unsettled ones are fetched (an answer now and then read earlier and arriving late),
 * and tills prune their log behind snapshots at random points (`pruneLog`, keeping `kept` newest
 * events a card, none of their own back), never letting an event leave before it is placed.
 */
async function run(
  program: Program,
  events: readonly StampEvent[],
  seed: number,
  tail: number,
  kept: number,
) {
  const random = seededRandom(seed);
  const server = new ScopedLogModel(program, tail);
  const stats = { cards: 0, unsettled: 0, dropped: 0 };
  const prune = async (till: Till) => {
    const pruned = await pruneLog(till.db, () => program, {
      deviceId: DEVICE,
      ownKeptSince: Number.POSITIVE_INFINITY,
      tail: kept,
    });
    stats.dropped += pruned.dropped;
    // The till's own events not yet placed stay in the log: its cards' folds count them, and
    // after a server restore they are sent again from there.
    const { db } = till;
    const [queued, unplaced, held] = await Promise.all([
      db.outbox.toCollection().primaryKeys(),
      db.meta.get("unplaced"),
      db.meta.get("held"),
    ]);
    const own = [
      ...queued,
      ...(unplaced?.key === "unplaced" ? unplaced.value : []),
      ...(held?.key === "held" ? held.value.map((e) => e.id) : []),
    ];
    expect(await db.log.bulkGet(own)).not.toContain(undefined);
    // A fold takes what it drops out of the placements: none names an event the log lacks.
    expect(await db.log.bulkGet([...(await placedIds(db)).keys()])).not.toContain(undefined);
    // The fold found its cards by the log's counts (issue 16): they never drift from the log.
    const { kept: counted, scanned } = await countsAndScan(db);
    expect(counted).toEqual(scanned);
  };
  // Answers read earlier that arrive now (a slow network), while the history is being made.
  let delaying = true;
  const readEarlier = new Map<string, unknown>();
  const tills: Till[] = Array.from({ length: 3 }, (_, index) => {
    databases += 1;
    const db = openStampDb("relaxed", `convergence-${databases}`);
    return { index, location: index % 2, db, online: true };
  });
  const fetching = (till: Till): CardFetchDeps => ({
    holds: async (cardId) => (await heldCardIds(till.db)).includes(cardId),
    get: async (cardId) => {
      if (!till.online) return { kind: "network", message: "offline" };
      const key = `${till.index} ${cardId}`;
      const earlier = readEarlier.get(key);
      if (delaying && earlier && random() < 0.3) return ok(earlier);
      const { at, snapshot, tail: tailEvents } = server.fetch(cardId);
      readEarlier.set(key, { cardId, at, snapshot, events: tailEvents });
      return ok({ cardId, at, snapshot, events: tailEvents });
    },
    keep: (card) =>
      till.db.transaction("rw", compactStores(till.db), () => storeCompactCard(till.db, card)),
    merge: async () => {
      throw new Error("a protocol-5 server sends compact cards");
    },
  });
  const sync = (till: Till) =>
    syncOnce(
      testSyncDeps(
        till.db,
        async (request) => {
          if (!till.online) return { kind: "network", message: "offline" };
          server.append(till.index, till.location, request.events);
          // The answer gets lost now and then: the events are stored, the till does not know it.
          if (random() < 0.15) return { kind: "network", message: "answer lost" };
          const at = request.cursor === null ? null : cursorPosition(request.cursor, "");
          const from = at === null || at === "start-over" ? 0 : at.position;
          const answer = server.pull(till.index, till.location, from);
          stats.cards += answer.cards.length;
          return ok({
            accepted: request.events.map((e) => e.id),
            duplicates: [],
            rejected: [],
            events: answer.events,
            cards: answer.cards,
            cursor: `p${answer.cursor}-l`,
            // Now and then "more": what it acknowledges waits, unplaced, for the last page.
            more: from < answer.cursor && random() < 0.25,
            serverTime: new Date(NOW).toISOString(),
          });
        },
        { now: () => NOW },
      ),
    );
  const fold = async (till: Till, cardId: string) =>
    foldRecord(() => program, await readCardRecord(till.db, cardId));
  const settle = async (till: Till) => {
    for (const cardId of await heldCardIds(till.db))
      if ((await fold(till, cardId)).doubtful) {
        stats.unsettled += 1;
        await fetchCard(fetching(till), cardId);
      }
  };
  for (const event of events) {
    const till = tills[Math.floor(random() * tills.length)] as Till;
    if (random() < 0.2) till.online = !till.online;
    // A card scanned that the till holds nothing of is fetched first when online (SC5).
    await fetchUnheldCard(fetching(till), event.cardId);
    await till.db.transaction("rw", [till.db.log, till.db.outbox], () =>
      Promise.all([till.db.log.add(event), till.db.outbox.add(event)]),
    );
    for (const other of tills) {
      if (random() < 0.3) await prune(other);
      if (!other.online || random() < 0.5) continue;
      if (random() < 0.7) await sync(other);
      else await settle(other);
    }
  }
  delaying = false;
  // Everyone comes online, sends everything, pulls to the end and settles what is in doubt.
  // Sent, acknowledged by a last page (so placed) and pulled to the end (SPEC CS6).
  const settled = async (till: Till) =>
    (await till.db.outbox.count()) === 0 &&
    (await till.db.meta.get("unplaced")) === undefined &&
    (await till.db.meta.get("cursor"))?.value === `p${server.head}-l`;
  for (let round = 0; round < 50; round++) {
    for (const till of tills) {
      till.online = true;
      await sync(till);
      if (random() < 0.5) await prune(till);
      await settle(till);
    }
    if ((await Promise.all(tills.map(settled))).every(Boolean)) break;
  }
  return { server, tills, fold, stats, fetching, prune };
}

describe("the kiosk's compact cards converge (stamp-core SPEC CS6), through its own IndexedDB", () => {
  it(`tills on the kiosk's storage and sync engine, pruning their logs, fold every card to the full log's state (${RUNS} runs)`, async () => {
    let cards = 0;
    let unsettled = 0;
    let dropped = 0;
    const configured = fc.readConfigureGlobal();
    // Longer histories than fast-check's small default: snapshots, and own events behind them.
    fc.configureGlobal({ ...configured, baseSize: "medium" });
    await fc
      .assert(
        fc.asyncProperty(
          programArb,
          historyArb(30),
          fc.integer(),
          fc.integer({ min: 1, max: 4 }),
          // A till keeps at least the server's tail (CS4): it folds by the same constant.
          fc.integer({ min: 0, max: 3 }),
          async (program, events, seed, tail, keptBeyondTail) => {
            const ran = await run(program, events, seed, tail, tail + keptBeyondTail);
            const { server, tills, fold, stats, fetching, prune } = ran;
            cards += stats.cards;
            unsettled += stats.unsettled;
            const full = new Replica(() => program);
            full.ingest(events);
            try {
              for (const till of tills) {
                expect(await till.db.outbox.count()).toBe(0);
                // A card outside the till's scope is as fresh as its last fetch (SC5).
                for (const cardId of await heldCardIds(till.db))
                  if (!server.inScope(till.location, cardId))
                    await fetchCard(fetching(till), cardId);
                // Settled, a till may fold all but `kept` events of a card: the same states.
                const before = new Map<string, unknown>();
                for (const cardId of await heldCardIds(till.db))
                  before.set(cardId, (await fold(till, cardId)).state);
                await prune(till);
                for (const cardId of await heldCardIds(till.db)) {
                  const card = await fold(till, cardId);
                  expect(card.doubtful).toBe(false);
                  expect(card.state).toEqual(full.state(cardId));
                  expect(card.state).toEqual(before.get(cardId));
                }
                const held = new Set(await heldCardIds(till.db));
                for (const cardId of full.cardIds())
                  if (server.inScope(till.location, cardId)) expect(held.has(cardId)).toBe(true);
              }
              dropped += stats.dropped;
            } finally {
              for (const till of tills) till.db.close();
            }
          },
        ),
        { numRuns: RUNS },
      )
      .finally(() => fc.configureGlobal(configured));
    // The runs went through compact cards and unsettled ones, not only whole histories.
    expect(cards).toBeGreaterThan(RUNS);
    expect(unsettled).toBeGreaterThan(0);
    // And pruned their logs on the way.
    expect(dropped).toBeGreaterThan(RUNS);
  }, 120_000);
});
