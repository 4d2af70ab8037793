import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldCard } from "./card-state";
import { compactCard } from "./compact-card";
import { CompactReplica } from "./compact-replica";
import type { StampEvent } from "./events";
import { tooLate } from "./late-events";
import { compareEvents, sortEvents } from "./order";
import { Replica } from "./replica";
import { historyArb, programArb, seededRandom } from "./testing/arbitraries";
import { EventFactory, makeProgram } from "./testing/fixtures";
import { ScopedLogModel } from "./testing/scoped-log-model";

const RUNS = Number(process.env.STAMP_PROPERTY_RUNS ?? 200);

interface Till {
  readonly index: number;
  readonly location: number;
  readonly replica: CompactReplica;
  /** Made here, not acknowledged yet, oldest first. */
  outbox: StampEvent[];
  cursor: number;
  online: boolean;
}

/**
 * Tills at two locations make the history's events in its order (so its random HLCs make late
 * events), going offline and online, pushing, pulling, losing answers, fetching cards outside
 * their scope and doubtful ones; every till holds compact cards (snapshot + tail, CS1–CS6).
 */
function run(
  program: Program,
  events: readonly StampEvent[],
  seed: number,
  tailEvents: number,
  lateBeyond = tailEvents,
) {
  const random = seededRandom(seed);
  const server = new ScopedLogModel(program, tailEvents, lateBeyond);
  const cardOf = new Map(events.map((e) => [e.id, e.cardId]));
  const tills: Till[] = Array.from({ length: 3 }, (_, index) => ({
    index,
    location: index % 2,
    replica: new CompactReplica(() => program),
    outbox: [],
    cursor: 0,
    online: true,
  }));
  const stats = { snapshots: 0, doubtful: 0, latePulled: 0 };
  const sync = (till: Till) => {
    const sent = till.outbox.slice(0, 1 + Math.floor(random() * till.outbox.length));
    server.append(till.index, till.location, sent);
    // The answer gets lost now and then: the events are stored, the till does not know it.
    if (random() < 0.15) return;
    const answer = server.pull(till.index, till.location, till.cursor);
    till.replica.acknowledge(
      sent.map((e) => e.id),
      answer.cursor,
      (id) => cardOf.get(id),
    );
    const acked = new Set(sent.map((e) => e.id));
    till.outbox = till.outbox.filter((e) => !acked.has(e.id));
    for (const card of answer.cards) {
      if (card.snapshot) stats.snapshots += 1;
      till.replica.seed(card);
    }
    till.replica.ingest(answer.events, { kind: "pulled" });
    till.cursor = answer.cursor;
    // Late, but by no more than a tail: pulled on its own (CS4).
    for (const event of answer.events) {
      const card = server.cardEvents(event.cardId);
      if (card.slice(0, card.indexOf(event)).some((e) => compareEvents(e, event) > 0))
        stats.latePulled += 1;
    }
  };
  const refetchDoubtful = (till: Till) => {
    for (const cardId of till.replica.doubtfulCards()) {
      stats.doubtful += 1;
      till.replica.seed(server.fetch(cardId));
    }
  };
  for (const event of events) {
    const till = tills[Math.floor(random() * tills.length)] as Till;
    if (random() < 0.2) till.online = !till.online;
    // A card scanned online that the till does not hold is fetched first (SC5).
    if (till.online && till.replica.state(event.cardId) === undefined)
      till.replica.seed(server.fetch(event.cardId));
    till.replica.ingest([event], { kind: "own" });
    till.outbox.push(event);
    for (const other of tills) {
      if (!other.online || random() < 0.5) continue;
      if (random() < 0.7) sync(other);
      else refetchDoubtful(other);
    }
  }
  // Everyone comes online, sends everything, pulls to the end and settles what is in doubt.
  for (let round = 0; round < 50; round++) {
    for (const till of tills) {
      till.online = true;
      sync(till);
      refetchDoubtful(till);
    }
    const settled = (t: Till) =>
      t.outbox.length === 0 && t.cursor === server.head && t.replica.doubtfulCards().length === 0;
    if (tills.every(settled)) break;
  }
  return { server, tills, stats };
}

type Program = ReturnType<typeof makeProgram>;

/** Every till of a run holds, for every card of its scope, what the whole log folds to (CS6). */
function converged(
  program: Program,
  events: readonly StampEvent[],
  { server, tills }: ReturnType<typeof run>,
) {
  // A till that holds the whole log, as protocol 4 tills do.
  const full = new Replica(() => program);
  full.ingest(events);
  return tills.every((till) => {
    if (till.outbox.length > 0 || till.replica.doubtfulCards().length > 0) return false;
    for (const cardId of till.replica.cardIds()) {
      // A card outside the till's scope is as fresh as its last fetch (SC5): fetch it now.
      if (!server.inScope(till.location, cardId)) till.replica.seed(server.fetch(cardId));
      if (!isDeepStrictEqual(till.replica.state(cardId), full.state(cardId))) return false;
    }
    return [...full.cardIds()].every(
      (cardId) =>
        !server.inScope(till.location, cardId) || till.replica.state(cardId) !== undefined,
    );
  });
}

describe("compact card state (SPEC CS1–CS6)", () => {
  it(`a till seeded from snapshots and tails converges to the full log's state, late events and cards moving between locations included (${RUNS} runs)`, () => {
    let snapshots = 0;
    let doubtful = 0;
    let latePulled = 0;
    fc.assert(
      fc.property(
        programArb,
        historyArb(80),
        fc.integer(),
        fc.integer({ min: 1, max: 4 }),
        (program, events, seed, tailEvents) => {
          const ran = run(program, events, seed, tailEvents);
          snapshots += ran.stats.snapshots;
          doubtful += ran.stats.doubtful;
          latePulled += ran.stats.latePulled;
          expect(converged(program, events, ran)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
    // The runs did go through snapshots, doubtful cards and late events pulled on their own.
    expect(snapshots).toBeGreaterThan(RUNS);
    expect(doubtful).toBeGreaterThan(0);
    expect(latePulled).toBeGreaterThan(RUNS);
  });

  it("CS4: a server that lets events one later than a tail go out on their own makes some till go wrong", () => {
    const wrong = fc.check(
      fc.property(
        programArb,
        historyArb(80),
        fc.integer(),
        fc.integer({ min: 1, max: 4 }),
        (program, events, seed, tailEvents) =>
          converged(program, events, run(program, events, seed, tailEvents, tailEvents + 1)),
      ),
      { numRuns: RUNS, seed: 16 },
    );
    expect(wrong.failed).toBe(true);
  });

  it("CS4: an event late by a tail folds onto any snapshot read before it; one later than that may be lost", () => {
    const program = makeProgram({ goal: 10 });
    const f = new EventFactory();
    // Made first, stored after `tail` + 1 (or `tail`) stamps made after it.
    const late = f.added(1);
    const enrolled = f.make("card.enrolled", { source: "join-page" }, { ms: f.nowMs - 5000 });
    const tail = 2;
    const after = [f.added(1), f.added(1), f.added(1)];
    for (const stored of [after.slice(0, tail), after]) {
      const before = [enrolled, ...stored];
      const logged = [...before, late].map((event, i) => ({ ...event, seq: i + 1 }));
      const lateByMore = tooLate(logged, new Set([late.id]), tail).size > 0;
      expect(lateByMore).toBe(stored.length > tail);
      // A till holds the card as the server compacts it before the late stamp was stored, then
      // pulls the stamp on its own.
      const replica = new CompactReplica(() => program);
      replica.seed(compactCard(program, f.cardId, before.length, null, before, tail) as never);
      replica.ingest([late], { kind: "pulled" });
      const right = foldCard(program, f.cardId, [...before, late]);
      expect(isDeepStrictEqual(replica.state(f.cardId), right)).toBe(!lateByMore);
    }
  });

  it("CS2: a compact card folds to the card's state, whatever the split, undos of older stamps included", () => {
    fc.assert(
      fc.property(
        programArb,
        historyArb(),
        fc.integer({ min: 1, max: 6 }),
        (program, events, keep) => {
          for (const cardId of new Set(events.map((e) => e.cardId))) {
            const own = events.filter((e) => e.cardId === cardId);
            const card = compactCard(program, cardId, 7, null, own, keep);
            expect(card).not.toBeNull();
            // A snapshot has a tail's worth of events after it (what CS4 rests on).
            if (card?.snapshot) expect(card.tail.length).toBeGreaterThanOrEqual(keep);
            const [first, ...rest] = sortEvents(own);
            const base = foldCard(program, cardId, first ? [first] : []);
            if (rest.length < keep)
              expect(compactCard(program, cardId, 7, base, rest, keep)).toBeNull();
            const replica = new CompactReplica(() => program);
            replica.seed(card as NonNullable<typeof card>);
            expect(replica.doubtful(cardId)).toBe(false);
            expect(replica.state(cardId)).toEqual(foldCard(program, cardId, own));
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("CS5: an own event before the snapshot makes the card doubtful until a fetch read after it was stored", () => {
    const program = makeProgram({ goal: 5 });
    const f = new EventFactory();
    const early = f.added(1);
    const history = [f.enrolled(), f.added(1), f.added(1), f.added(1)];
    const replica = new CompactReplica(() => program);
    replica.seed(compactCard(program, f.cardId, 4, null, history, 1) as never);
    expect(replica.state(f.cardId)?.stamps).toBe(3);
    // Made offline on a clock behind the snapshot: it sorts before it.
    replica.ingest([early], { kind: "own" });
    expect(replica.doubtful(f.cardId)).toBe(true);
    expect(replica.state(f.cardId)?.stamps).toBe(3);
    replica.acknowledge([early.id], 5, () => f.cardId);
    expect(replica.doubtful(f.cardId)).toBe(true);
    // A snapshot read before the event was stored cannot settle it; one read after it does.
    replica.seed(compactCard(program, f.cardId, 4, null, history, 1) as never);
    expect(replica.doubtful(f.cardId)).toBe(true);
    replica.seed(compactCard(program, f.cardId, 5, null, [...history, early], 1) as never);
    expect(replica.doubtful(f.cardId)).toBe(false);
    expect(replica.state(f.cardId)?.stamps).toBe(4);
  });

  it("CS3: a pulled event at or before the snapshot is in it; an own undo of a stamp in it asks for the card again", () => {
    const program = makeProgram({ goal: 5 });
    const f = new EventFactory();
    const stamp = f.added(2);
    const history = [f.enrolled(), stamp, f.added(1), f.added(1)];
    const replica = new CompactReplica(() => program);
    replica.seed(compactCard(program, f.cardId, 4, null, history, 1) as never);
    replica.ingest([stamp], { kind: "pulled" });
    expect(replica.state(f.cardId)?.stamps).toBe(4);
    expect(replica.doubtful(f.cardId)).toBe(false);
    const undo = f.revoked(stamp.id);
    replica.ingest([undo], { kind: "own" });
    expect(replica.doubtful(f.cardId)).toBe(true);
    replica.acknowledge([undo.id], 5, () => f.cardId);
    replica.seed(compactCard(program, f.cardId, 5, null, [...history, undo], 1) as never);
    expect(replica.doubtful(f.cardId)).toBe(false);
    expect(replica.state(f.cardId)?.stamps).toBe(2);
  });
});
