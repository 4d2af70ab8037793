import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyEvent,
  type CardState,
  canApplyIncrementally,
  emptyCardState,
  foldCard,
} from "./card-state";
import type { StampEvent } from "./events";
import { sortEvents } from "./order";
import type { Program } from "./program";
import { Replica } from "./replica";
import { historyArb, programArb, seededRandom, shuffle } from "./testing/arbitraries";

const RUNS = Number(process.env.STAMP_PROPERTY_RUNS ?? 200);

function byCard(events: readonly StampEvent[]): Map<string, StampEvent[]> {
  const cards = new Map<string, StampEvent[]>();
  for (const e of events) cards.set(e.cardId, [...(cards.get(e.cardId) ?? []), e]);
  return cards;
}

/**
 * Spreads the events over `replicaCount` replicas, lets them gossip random subsets in random
 * orders with duplicates, then completes the exchange, and returns each replica.
 */
function gossip(
  program: Program,
  events: readonly StampEvent[],
  replicaCount: number,
  seed: number,
): Replica[] {
  const random = seededRandom(seed);
  const replicas = Array.from({ length: replicaCount }, () => new Replica(() => program));
  const held: StampEvent[][] = replicas.map(() => []);
  for (const event of events) {
    const origin = Math.floor(random() * replicaCount);
    (held[origin] as StampEvent[]).push(event);
  }
  held.forEach((own, i) => {
    (replicas[i] as Replica).ingest(shuffle(own, random));
  });
  const rounds = Math.floor(random() * 3 * replicaCount);
  for (let round = 0; round < rounds; round++) {
    const from = replicas[Math.floor(random() * replicaCount)] as Replica;
    const to = replicas[Math.floor(random() * replicaCount)] as Replica;
    const sent = [...from.events()].filter(() => random() < 0.5);
    const duplicates = sent.filter(() => random() < 0.3);
    to.ingest(shuffle([...sent, ...duplicates], random));
  }
  for (const replica of replicas) {
    const everything = [...events, ...events.filter(() => random() < 0.2)];
    replica.ingest(shuffle(everything, random));
  }
  return replicas;
}

function accountFor(state: CardState, events: readonly StampEvent[]): void {
  const added = new Map<string, number>();
  for (const e of events) if (e.type === "stamps.added") added.set(e.id, e.count);
  const revokedTargets = new Set(
    events.flatMap((e) =>
      e.type === "stamps.revoked" && added.has(e.targetId) ? [e.targetId] : [],
    ),
  );
  const sumAdded = [...added.values()].reduce((a, b) => a + b, 0);
  const sumRevoked = [...revokedTargets].reduce((a, id) => a + (added.get(id) ?? 0), 0);
  expect(sumAdded - sumRevoked).toBe(
    state.lifetimeStamps + state.ignoredStamps + state.expiredStamps,
  );
  expect(state.expiredStamps).toBeGreaterThanOrEqual(0);
  expect(state.lifetimeStamps).toBe(state.cycles * state.goal + state.stamps);
  expect(state.stamps).toBeGreaterThanOrEqual(0);
  expect(state.stamps).toBeLessThan(state.goal);
  expect(state.vouchers.filter((v) => v.status !== "withdrawn").length).toBeGreaterThanOrEqual(
    state.cycles,
  );
}

const convergence = fc.property(
  programArb,
  historyArb(),
  fc.integer({ min: 2, max: 8 }),
  fc.integer(),
  (program, events, replicaCount, seed) => {
    const replicas = gossip(program, events, replicaCount, seed);
    for (const [cardId, cardEvents] of byCard(events)) {
      const expected = foldCard(program, cardId, cardEvents);
      for (const replica of replicas) expect(replica.state(cardId)).toEqual(expected);
    }
  },
);

/** Counterexamples that once failed, replayed on every run so they stay fixed. */
const REGRESSIONS: { name: string; seed: number; path: string }[] = [];

describe("convergence (property)", () => {
  it(`M3: 2–8 replicas exchanging events in random orders with duplicates end with identical card states (${RUNS} runs)`, () => {
    fc.assert(convergence, { numRuns: RUNS });
  });

  it(`C2: no stamp is created or lost — added − revoked equals what the state accounts for (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(programArb, historyArb(), (program, events) => {
        for (const [cardId, cardEvents] of byCard(events))
          accountFor(foldCard(program, cardId, cardEvents), cardEvents);
      }),
      { numRuns: RUNS },
    );
  });

  it(`C1: incremental apply over in-order events, refolding where it must, equals a full refold (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(programArb, historyArb(), (program, events) => {
        for (const [cardId, cardEvents] of byCard(events)) {
          const sorted = sortEvents(cardEvents);
          let state = emptyCardState(program, cardId);
          sorted.forEach((event, i) => {
            state = canApplyIncrementally(state, event)
              ? applyEvent(program, state, event)
              : foldCard(program, cardId, sorted.slice(0, i + 1));
          });
          expect(state).toEqual(foldCard(program, cardId, cardEvents));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`C1: a replica refolds only the card that received an out-of-order event (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(programArb, historyArb(), fc.integer(), (program, events, seed) => {
        const replica = new Replica(() => program);
        const sorted = sortEvents(events);
        const late = sorted[Math.floor(seededRandom(seed)() * sorted.length)] as StampEvent;
        replica.ingest(sorted.filter((e) => e !== late));
        const before = new Map([...replica.cardIds()].map((id) => [id, replica.state(id)]));
        const { refolded } = replica.ingest([late]);
        for (const id of refolded) expect(id).toBe(late.cardId);
        for (const [id, state] of before)
          if (id !== late.cardId) expect(replica.state(id)).toBe(state);
        expect(replica.state(late.cardId)).toEqual(
          foldCard(
            program,
            late.cardId,
            events.filter((e) => e.cardId === late.cardId),
          ),
        );
      }),
      { numRuns: RUNS },
    );
  });

  for (const { name, seed, path } of REGRESSIONS) {
    it(`M3 regression: ${name}`, () => {
      fc.assert(convergence, { seed, path, numRuns: 1 });
    });
  }
});
