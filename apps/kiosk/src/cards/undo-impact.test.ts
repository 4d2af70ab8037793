import { type CompactCard, compactCard, foldCard, type StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CARD, makeProgram, PROGRAM, stampEvent, T0 } from "../testing/fixtures";
import { undoImpact } from "./undo-impact";

const program = makeProgram({ goal: 3 });

function redeem(ms: number, cycle: number): StampEvent {
  return {
    ...stampEvent(ms),
    type: "reward.handed_over",
    voucherId: `${CARD}:${cycle}`,
  } as unknown as StampEvent;
}

function impact(events: StampEvent[], target: StampEvent) {
  return undoImpact(program, foldCard(program, CARD, events), null, events, target);
}

describe("undoImpact", () => {
  it("says nothing when the stamp completed no reward", () => {
    const first = stampEvent(T0);
    expect(impact([first], first)).toEqual({ withdrawn: [], alreadyUsed: [] });
  });

  it("names the ready reward the undo would take back", () => {
    const events = [stampEvent(T0, { count: 2 }), stampEvent(T0 + 1000)];
    const result = impact(events, events[1] as StampEvent);
    expect(result.withdrawn.map((v) => v.id)).toEqual([`${CARD}:1`]);
    expect(result.alreadyUsed).toEqual([]);
  });

  it("names the reward already handed over that depended on the stamp", () => {
    const completing = stampEvent(T0 + 1000);
    const events = [stampEvent(T0, { count: 2 }), completing, redeem(T0 + 2000, 1)];
    const result = impact(events, completing);
    expect(result.withdrawn).toEqual([]);
    expect(result.alreadyUsed.map((v) => v.id)).toEqual([`${CARD}:1`]);
    expect(result.alreadyUsed[0]?.programVersion).toBe(1);
    expect(PROGRAM).toBe(program.id);
  });

  it("leaves a reward alone when the other stamps still cover it", () => {
    const later = stampEvent(T0 + 1000);
    const events = [stampEvent(T0, { count: 3 }), later, redeem(T0 + 2000, 1)];
    expect(impact(events, later)).toEqual({ withdrawn: [], alreadyUsed: [] });
  });
});

describe("undoImpact on a compact card (SPEC CS1)", () => {
  it("folds the undo onto the snapshot: a reward the snapshot's stamps completed is named", () => {
    const completing = stampEvent(T0 + 5000);
    const history = [stampEvent(T0), stampEvent(T0 + 1000), completing];
    // 2 stamps in the snapshot, the one completing the goal of 3 in the tail.
    const card = compactCard(program, CARD, 9, null, history, 1) as CompactCard;
    expect(card.tail).toEqual([completing]);
    const before = foldCard(program, CARD, history);
    const result = undoImpact(program, before, card.snapshot, card.tail, completing);
    expect(result.withdrawn.map((v) => v.id)).toEqual([`${CARD}:1`]);
    // From the tail alone the preview would see no reward at all.
    expect(undoImpact(program, before, null, card.tail, completing).withdrawn).toEqual([]);
  });

  it("says nothing when the till holds an event before its snapshot", () => {
    const history = [stampEvent(T0 + 1000), stampEvent(T0 + 2000), stampEvent(T0 + 3000)];
    const card = compactCard(program, CARD, 9, null, history, 1) as CompactCard;
    const behind = stampEvent(T0);
    const result = undoImpact(
      program,
      foldCard(program, CARD, history),
      card.snapshot,
      [behind, ...card.tail],
      behind,
    );
    expect(result).toEqual({ withdrawn: [], alreadyUsed: [] });
  });
});
