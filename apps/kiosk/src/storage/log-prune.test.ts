import "../testing/fake-idb";
import { type CompactCard, compactCard, foldCard, type StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import type { HttpResult } from "../api/http";
import { foldRecord } from "../cards/card-record";
import { type CardFetch, fetchCard } from "../sync/card-fetch";
import { syncOnce } from "../sync/sync-engine";
import { CARD, DEVICE, makeProgram, OTHER_DEVICE, stampEvent, T0 } from "../testing/fixtures";
import { testSyncDeps } from "../testing/sync-deps";
import { readCardRecord } from "./card-records";
import { compactStores, storeCompactCard } from "./compact-store";
import { openStampDb } from "./db";
import { pruneLog } from "./log-prune";

/** The server's tail and the till's: kept short so a few events fold. */
const TAIL = 2;
const program = makeProgram({ goal: 50 });
const programs = () => program;
let databases = 0;

const ok = (body: unknown): HttpResult => ({
  kind: "ok",
  status: 200,
  body: JSON.parse(JSON.stringify(body)),
});
/** The fetch's answer of protocol 5: the card's snapshot and its tail as `events`. */
const answer = (card: CompactCard) =>
  ok({ cardId: card.cardId, at: card.at, snapshot: card.snapshot, events: card.tail });

/** Another till's stamps of one card, stored at positions 1, 2, … (the card is in the till's scope). */
class Server {
  readonly events = Array.from({ length: 12 }, (_, i) =>
    stampEvent(T0 + i, { deviceId: OTHER_DEVICE }),
  );
  /** How far the log reaches now. */
  head = 0;

  /** The card as `GET /api/v1/sync/cards/:id` reads it now (CS2). */
  card(): CompactCard {
    const card = compactCard(program, CARD, this.head, null, this.events.slice(0, this.head), TAIL);
    if (!card) throw new Error("a whole history compacts");
    return card;
  }
}

/**
 * A till on the kiosk's own storage and sync engine. `pull(to)`: the server's log grows to `to`
 * and the till syncs to its head, given events (or, with `asCard`, the card as compact state, as
 * a first pull or a join sends it). `fetching()`: a card fetch whose answer is read when the test
 * says (`read`) and lands when it says (`land`): the steps of a race, in the order the test drives.
 */
function till(server: Server) {
  databases += 1;
  const db = openStampDb("relaxed", `log-prune-${databases}`);
  const pull = (to: number, asCard = false) => {
    const from = server.head;
    server.head = to;
    return syncOnce(
      testSyncDeps(
        db,
        async () =>
          ok({
            accepted: [],
            duplicates: [],
            rejected: [],
            events: asCard ? [] : server.events.slice(from, to),
            cards: asCard ? [server.card()] : [],
            cursor: `p${to}-l`,
            more: false,
            serverTime: new Date(T0).toISOString(),
          }),
        { now: () => T0 },
      ),
    );
  };
  const prune = () =>
    pruneLog(db, programs, {
      deviceId: DEVICE,
      ownKeptSince: Number.POSITIVE_INFINITY,
      tail: TAIL,
    });
  let gets = 0;
  /** A fetch whose first answer is read now and lands once `land` is called; later ones at once. */
  const fetching = () => {
    const first = server.card();
    let land = () => {};
    const landed = new Promise<void>((resolve) => {
      land = resolve;
    });
    const fetched: Promise<CardFetch> = fetchCard(
      {
        holds: async () => true,
        get: async () => {
          gets += 1;
          if (gets > 1) return answer(server.card());
          await landed;
          return answer(first);
        },
        keep: (card) => db.transaction("rw", compactStores(db), () => storeCompactCard(db, card)),
        merge: async () => {
          throw new Error("a protocol-5 server sends compact cards");
        },
      },
      CARD,
    );
    return { readAt: first.at, land, fetched };
  };
  const fold = async () => foldRecord(programs, await readCardRecord(db, CARD));
  const logIds = async () => (await db.log.toArray()).map((e) => e.id);
  return { db, pull, prune, fetching, fold, logIds, gets: () => gets };
}

const full = (server: Server) => ({
  state: foldCard(program, CARD, server.events.slice(0, server.head)),
  doubtful: false,
});
const ids = (events: readonly StampEvent[]) => events.map((e) => e.id);

/**
 * The races the property test (sync/compact-convergence.test.ts) cannot make, as it runs each step
 * to its end: a card fetch's answer is read, pulls and a prune run, then the answer lands. Each
 * fails without the guard it names: `storeCompactCard`'s refusal of a card read before the till's
 * own fold (the first: the old answer's tail comes back into the log and nothing asks again), and
 * the fold's snapshot read at `max(at, head)` rather than at the old snapshot's `at` (both; the
 * second loses the stamps stored 9–10). Two mutations no race here can tell apart, as no till
 * reaches a state where they differ: the snapshot read at `head` when the old one was read later,
 * and settling events placed after the head. Events after a snapshot read after the head are its
 * tail (no more than the till keeps, CS4) or the till's own not yet placed; the next answer that
 * places or pulls anything moves the head past it. So nothing folds there either way.
 */
describe("a prune racing a card fetch and pulls (issue 16), step by step", () => {
  it("a fetch answer read before a pull lands after the prune that folded what the pull brought: refused as stale, asked again", async () => {
    const server = new Server();
    const { db, pull, prune, fetching, fold, logIds, gets } = till(server);
    await pull(6);
    const fetch = fetching();
    expect(fetch.readAt).toBe(6);
    await pull(12);
    expect(await prune()).toEqual({ folded: 1, dropped: 10 });
    expect((await db.snapshots.get(CARD))?.at).toBe(12);
    fetch.land();
    expect(await fetch.fetched).toBe("fetched");
    // Nothing of the old answer was kept: what the fold dropped stays dropped, and the card was
    // read again (at 12, no older than the fold: it may replace it).
    expect(gets()).toBe(2);
    expect(await logIds()).toEqual(ids(server.events.slice(10)));
    expect(await fold()).toEqual(full(server));
    db.close();
  });

  it("a fetch answer read between the card's snapshot and the head lands after a prune: the fold is read at the head, so it does not replace it", async () => {
    const server = new Server();
    const { db, pull, prune, fetching, fold, gets } = till(server);
    // The card came as compact state read at 4 (a first pull), then its events one by one.
    await pull(4, true);
    expect((await db.snapshots.get(CARD))?.at).toBe(4);
    await pull(8);
    const fetch = fetching();
    expect(fetch.readAt).toBe(8);
    await pull(12);
    // Folds the events stored 3–10 onto the snapshot read at 4 and drops them.
    expect(await prune()).toMatchObject({ folded: 1 });
    fetch.land();
    await fetch.fetched;
    // An answer read at 8 lacks what was stored 9–10 and folded: kept in place of the fold, those
    // stamps would be gone for good.
    expect(gets()).toBe(2);
    expect(await fold()).toEqual(full(server));
    db.close();
  });
});
