import { type Arrival, compactCard, type StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CARD, DEVICE, makeProgram, OTHER_DEVICE, stampEvent, T0 } from "../testing/fixtures";
import { type CardRecord, foldRecord } from "./card-record";
import { type PruneRules, planPrune } from "./log-prune";

const program = makeProgram({ goal: 50 });
const programs = () => program;
const pulled: Arrival = { kind: "pulled" };
const own: Arrival = { kind: "own" };
const storedBy = (by: number): Arrival => ({ kind: "stored", by });
const RULES: PruneRules = {
  head: 100,
  deviceId: DEVICE,
  ownKeptSince: Number.POSITIVE_INFINITY,
  tail: 2,
};
const other = (ms: number, over: Partial<StampEvent> = {}) =>
  stampEvent(ms, { deviceId: OTHER_DEVICE, ...over });

function record(
  held: readonly (readonly [StampEvent, Arrival])[],
  snapshot: CardRecord["snapshot"] = null,
): CardRecord {
  return { cardId: CARD, snapshot, held: held.map(([event, arrival]) => ({ event, arrival })) };
}

/** The record after the plan: the new snapshot, less the events it drops. */
function applied(before: CardRecord, plan: ReturnType<typeof planPrune>): CardRecord {
  if (!plan) return before;
  const dropped = new Set(plan.drop);
  return {
    cardId: before.cardId,
    snapshot: plan.snapshot ?? before.snapshot,
    held: before.held.filter((h) => !dropped.has(h.event.id)),
  };
}

function expectSameFold(before: CardRecord, plan: ReturnType<typeof planPrune>): void {
  expect(foldRecord(programs, applied(before, plan))).toEqual(foldRecord(programs, before));
}

describe("planPrune: what leaves a till's log behind a card's snapshot (issue 16)", () => {
  it("folds settled events short of the newest `tail` into a snapshot read at the head", () => {
    const events = Array.from({ length: 6 }, (_, i) => other(T0 + i));
    const before = record([
      ...events.slice(0, 3).map((e) => [e, pulled] as const),
      ...events.slice(3).map((e) => [e, storedBy(40)] as const),
    ]);
    const plan = planPrune(programs, before, RULES);
    expect(plan?.drop).toEqual(events.slice(0, 4).map((e) => e.id));
    expect(plan?.snapshot?.at).toBe(100);
    expect(plan?.snapshot?.snapshot.lastId).toBe(events[3]?.id);
    expectSameFold(before, plan);
  });

  it("stops at an event not yet acknowledged and placed, or placed after the head", () => {
    for (const stop of [own, storedBy(101)]) {
      const events = Array.from({ length: 6 }, (_, i) => other(T0 + i));
      const arrivals = [pulled, pulled, stop, pulled, pulled, pulled];
      const before = record(events.map((e, i) => [e, arrivals[i] as Arrival] as const));
      const plan = planPrune(programs, before, RULES);
      expect(plan?.drop).toEqual(events.slice(0, 2).map((e) => e.id));
      expectSameFold(before, plan);
    }
  });

  it("keeps `tail` events the server stored by the head after the snapshot, not own ones it lacks", () => {
    // An event the server stores later and that sorts before the new snapshot must be too late
    // there (CS4), or it comes alone and the till takes it for one its snapshot holds: the kept
    // events must be ones stored before it.
    const events = Array.from({ length: 5 }, (_, i) => other(T0 + i));
    const mine = Array.from({ length: 2 }, (_, i) => stampEvent(T0 + 10 + i));
    const before = record([
      ...events.map((e) => [e, pulled] as const),
      ...mine.map((e) => [e, own] as const),
    ]);
    const plan = planPrune(programs, before, RULES);
    expect(plan?.drop).toEqual(events.slice(0, 3).map((e) => e.id));
    expectSameFold(before, plan);
  });

  it("keeps this till's own events younger than `ownKeptSince`, and what sorts after them", () => {
    const mine = Array.from({ length: 5 }, (_, i) => stampEvent(T0 + i));
    const before = record(mine.map((e) => [e, storedBy(10)] as const));
    expect(planPrune(programs, before, { ...RULES, ownKeptSince: T0 + 2 })?.drop).toEqual(
      mine.slice(0, 2).map((e) => e.id),
    );
    expect(planPrune(programs, before, { ...RULES, ownKeptSince: T0 })).toBeNull();
  });

  it("drops what a snapshot holds already, and leaves a doubtful card alone (SPEC CS5)", () => {
    const history = Array.from({ length: 6 }, (_, i) => other(T0 + 10 + i));
    const card = compactCard(program, CARD, 30, null, history, 2);
    if (!card?.snapshot) throw new Error("expected a snapshot");
    const snapshot = { at: card.at, snapshot: card.snapshot };
    const behind = [history[0], history[1]].map((e) => [e as StampEvent, pulled] as const);
    const tail = card.tail.map((e) => [e, storedBy(30)] as const);
    const covered = record([...behind, ...tail], snapshot);
    const plan = planPrune(programs, covered, { ...RULES, tail: 8 });
    expect(plan).toEqual({ snapshot: null, drop: behind.map(([e]) => e.id) });
    expectSameFold(covered, plan);
    // Made offline on a clock behind the snapshot, not yet acknowledged: in doubt, kept whole.
    const doubtful = record([...behind, ...tail, [stampEvent(T0), own]], snapshot);
    expect(foldRecord(programs, doubtful).doubtful).toBe(true);
    expect(planPrune(programs, doubtful, RULES)).toBeNull();
  });

  it("folds nothing when an undo kept would then name a stamp folded away", () => {
    const stamps = Array.from({ length: 4 }, (_, i) => other(T0 + i));
    const undo = other(T0 + 10, {
      type: "stamps.revoked",
      targetId: stamps[0]?.id,
    } as Partial<StampEvent>);
    const before = record([...stamps, undo].map((e) => [e, pulled] as const));
    const plan = planPrune(programs, before, RULES);
    expect(plan?.snapshot ?? null).toBeNull();
    expectSameFold(before, plan);
  });
});
