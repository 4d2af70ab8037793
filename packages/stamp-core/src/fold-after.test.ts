import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldAfter, foldCard } from "./card-state";
import type { StampEvent } from "./events";
import { sortEvents } from "./order";
import { historyArb, programArb, seededRandom, shuffle } from "./testing/arbitraries";
import { EventFactory, makeProgram } from "./testing/fixtures";

const RUNS = Number(process.env.STAMP_PROPERTY_RUNS ?? 200);

/** One card's events in L2 order, each once. */
function cardLog(events: readonly StampEvent[], cardId: string): StampEvent[] {
  const seen = new Set<string>();
  return sortEvents(events.filter((e) => e.cardId === cardId)).filter(
    (e) => !seen.has(e.id) && seen.add(e.id),
  );
}

describe("foldAfter (SPEC C13)", () => {
  it(`equals a fold of the whole log wherever it answers, for a snapshot at any event (${RUNS} runs)`, () => {
    let answered = 0;
    fc.assert(
      fc.property(programArb, historyArb(), fc.integer(), (program, events, seed) => {
        const random = seededRandom(seed);
        for (const cardId of new Set(events.map((e) => e.cardId))) {
          const log = cardLog(events, cardId);
          const at = 1 + Math.floor(random() * log.length);
          const snapshot = foldCard(program, cardId, log.slice(0, at));
          const after = log.slice(at);
          // In any order, with duplicates, as a store's tail query hands them back.
          const tail = shuffle([...after, ...after.filter(() => random() < 0.3)], random);
          const folded = foldAfter(program, snapshot, tail);
          if (folded === null) continue;
          answered += 1;
          expect(folded).toEqual(foldCard(program, cardId, log));
        }
      }),
      { numRuns: RUNS },
    );
    // Most histories hold a revocation somewhere, but far from all are answered by a full fold.
    expect(answered).toBeGreaterThan(RUNS / 4);
  });

  it("answers undos of stamps after the snapshot, and stamps that arrive after a card's snapshot", () => {
    const program = makeProgram({ goal: 3 });
    const f = new EventFactory();
    const before = [f.enrolled(), f.added(2), f.added(2)];
    const snapshot = foldCard(program, f.cardId, before);
    const stamp = f.added(1);
    const undo = f.revoked(stamp.id);
    const after = [stamp, f.added(1), undo];
    expect(foldAfter(program, snapshot, after)).toEqual(
      foldCard(program, f.cardId, [...before, ...after]),
    );
  });

  it("gives way to a full fold where the history before the snapshot matters", () => {
    const program = makeProgram({ goal: 3 });
    const f = new EventFactory();
    const early = f.added(2);
    const snapshot = foldCard(program, f.cardId, [f.enrolled(), early]);
    // An undo of a stamp before the snapshot needs that stamp's count.
    expect(foldAfter(program, snapshot, [f.revoked(early.id)])).toBeNull();
    // An event that sorts before the snapshot's last one is not after it.
    expect(foldAfter(program, snapshot, [early])).toBeNull();
    // The goal the snapshot was folded with is not the program's any more.
    expect(foldAfter(makeProgram({ goal: 5 }), snapshot, [f.added(1)])).toBeNull();
    // A revocation waits in the snapshot for a target that may come after it (C10).
    const g = new EventFactory();
    const target = g.added(1);
    const waiting = foldCard(program, g.cardId, [g.revoked(target.id)]);
    expect(foldAfter(program, waiting, [g.added(1)])).toBeNull();
  });
});
