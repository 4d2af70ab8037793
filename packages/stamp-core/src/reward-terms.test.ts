import { describe, expect, it } from "vitest";
import { foldCard } from "./card-state";
import { parseProgram, type Reward } from "./program";
import { rewardAt, withRewardHistory } from "./reward-terms";
import { EventFactory, makeProgram } from "./testing/fixtures";

const cappuccino: Reward = { kind: "simple", title: "Free cappuccino" };
const croissant: Reward = { kind: "simple", title: "Free croissant" };
const lottery: Reward = {
  kind: "lottery",
  title: "Lucky draw",
  seed: "seed-0123456789abcdef",
  prizes: [
    { id: "croissant", title: "Free croissant", weight: 1 },
    { id: "cake", title: "Cake", weight: 1 },
  ],
  redemption: { method: "staff" },
};

/** The program after a merchant's edit: the next version, history kept as the server keeps it. */
function edit(before: ReturnType<typeof makeProgram>, reward: Reward) {
  return withRewardHistory(before, { ...before, version: before.version + 1, reward });
}

describe("earned rewards keep their terms", () => {
  it("T2: an edit that changes the reward records the old one with its last version", () => {
    const v1 = makeProgram({ reward: cappuccino });
    const v2 = edit(v1, lottery);
    const v3 = withRewardHistory(v2, { ...v2, version: 3, name: "Renamed" });
    const v4 = edit(v3, croissant);
    expect(v2.rewardHistory).toEqual([{ untilVersion: 1, reward: cappuccino }]);
    expect(v3.rewardHistory).toEqual(v2.rewardHistory);
    expect(v4.rewardHistory).toEqual([
      { untilVersion: 1, reward: cappuccino },
      { untilVersion: 3, reward: lottery },
    ]);
    expect([1, 2, 3, 4, 5].map((n) => rewardAt(v4, n).title)).toEqual([
      "Free cappuccino",
      "Lucky draw",
      "Lucky draw",
      "Free croissant",
      "Free croissant",
    ]);
    expect(rewardAt(v4, undefined)).toEqual(cappuccino);
    expect(parseProgram(v4).ok).toBe(true);
  });

  it("T2: a client's own history is ignored; only the stored one counts", () => {
    const v1 = makeProgram({ reward: cappuccino });
    const forged = { ...v1, version: 2, rewardHistory: [{ untilVersion: 1, reward: croissant }] };
    expect(withRewardHistory(v1, forged).rewardHistory).toBeUndefined();
  });

  it("T2: history must belong to earlier versions, in order", () => {
    const entry = (untilVersion: number) => ({ untilVersion, reward: cappuccino });
    expect(parseProgram(makeProgram({ version: 3, rewardHistory: [entry(3)] })).ok).toBe(false);
    expect(parseProgram(makeProgram({ version: 5, rewardHistory: [entry(2), entry(1)] })).ok).toBe(
      false,
    );
    expect(parseProgram(makeProgram({ version: 5, rewardHistory: [entry(1), entry(2)] })).ok).toBe(
      true,
    );
  });

  it("T3: the issue's story — cappuccino earned, programme switched to a lottery, a later stamp undone", () => {
    const v1 = makeProgram({ goal: 3, reward: cappuccino });
    const f = new EventFactory();
    const earned = [1, 2, 3].map(() =>
      f.make("stamps.added", { count: 1, channel: "staff", programVersion: 1 }),
    );
    const v2 = edit(v1, lottery);
    const later = f.make("stamps.added", { count: 1, channel: "staff", programVersion: 2 });
    const undo = f.revoked(later.id);
    const events = [...earned, later, undo];
    // The server (v2), a till still on v1 and a till that saw v3 all say the same.
    const v3 = edit(v2, croissant);
    const states = [v1, v2, v3].map((p) => foldCard(p, f.cardId, events));
    for (const state of states) {
      expect(state.vouchers).toEqual([
        expect.objectContaining({
          title: "Free cappuccino",
          kind: "simple",
          programVersion: 1,
          status: "issued",
        }),
      ]);
      expect(state).toEqual(states[0]);
    }
  });

  it("T3: a voucher takes the terms of the version of the stamp that completes its cycle", () => {
    const v2 = edit(makeProgram({ goal: 2, reward: cappuccino }), lottery);
    const f = new EventFactory();
    const state = foldCard(v2, f.cardId, [
      f.make("stamps.added", { count: 1, channel: "staff", programVersion: 1 }),
      f.make("stamps.added", { count: 1, channel: "staff", programVersion: 2 }),
      f.make("stamps.added", { count: 2, channel: "staff", programVersion: 1 }),
    ]);
    expect(
      state.vouchers.map((v) => [v.programVersion, v.kind, v.prize?.id !== undefined]),
    ).toEqual([
      [2, "lottery", true],
      [1, "simple", false],
    ]);
    expect(state.vouchers[0]?.redemption).toEqual({ method: "staff" });
  });

  it("T3: a withdrawn voucher earned again takes the terms of the stamp that earns it again", () => {
    const v2 = edit(makeProgram({ goal: 2, reward: cappuccino }), croissant);
    const f = new EventFactory();
    const first = f.make("stamps.added", { count: 1, channel: "staff", programVersion: 1 });
    const completing = f.make("stamps.added", { count: 1, channel: "staff", programVersion: 1 });
    const state = foldCard(v2, f.cardId, [
      first,
      completing,
      f.revoked(completing.id),
      f.make("stamps.added", { count: 1, channel: "staff", programVersion: 2 }),
    ]);
    expect(state.vouchers).toEqual([
      expect.objectContaining({ status: "issued", title: "Free croissant", programVersion: 2 }),
    ]);
  });
});
