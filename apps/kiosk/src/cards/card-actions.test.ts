import { foldCard, readyRewards, type StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import {
  CARD,
  DEVICE,
  makeProgram,
  OTHER_DEVICE,
  PROGRAM,
  stampEvent,
  T0,
} from "../testing/fixtures";
import {
  codeMatches,
  knownVoucher,
  redeemDraft,
  redeemStillDue,
  undoableStamp,
  undoDraft,
  undoStillDue,
} from "./card-actions";

describe("undoableStamp", () => {
  it("is this device's newest stamp that still counts", () => {
    const first = stampEvent(T0);
    const second = stampEvent(T0 + 1_000);
    const theirs = stampEvent(T0 + 2_000, { deviceId: OTHER_DEVICE });
    expect(undoableStamp([first, second, theirs], DEVICE)).toBe(second);
  });

  it("skips stamps already taken back", () => {
    const first = stampEvent(T0);
    const second = stampEvent(T0 + 1_000);
    const revoke = {
      ...stampEvent(T0 + 2_000),
      type: "stamps.revoked",
      targetId: second.id,
      reason: "x",
    } as StampEvent;
    expect(undoableStamp([first, second, revoke], DEVICE)).toBe(first);
  });

  it("is nothing when this device stamped nothing", () => {
    const theirs = stampEvent(T0, { deviceId: OTHER_DEVICE });
    expect(undoableStamp([theirs], DEVICE)).toBeNull();
  });

  it("drafts a revocation of exactly that event", () => {
    const target = stampEvent(T0);
    expect(undoDraft(target, "Undone at the till")).toEqual({
      type: "stamps.revoked",
      programId: PROGRAM,
      cardId: CARD,
      targetId: target.id,
      reason: "Undone at the till",
    });
  });
});

describe("redeemDraft", () => {
  const full = Array.from({ length: 10 }, (_, i) => stampEvent(T0 + i * 1_000));

  it("hands over a simple reward", () => {
    const program = makeProgram();
    const state = foldCard(program, CARD, full);
    const [voucher] = readyRewards(state, T0 + 60_000);
    if (!voucher) throw new Error("a full card has a reward");
    expect(redeemDraft(program, state, voucher)).toEqual({
      type: "reward.handed_over",
      programId: PROGRAM,
      cardId: CARD,
      voucherId: voucher.id,
    });
  });

  it("redeems a voucher by staff", () => {
    const program = makeProgram({
      reward: { kind: "voucher", title: "5 € off", redemption: { method: "staff" } },
    });
    const state = foldCard(program, CARD, full);
    const [voucher] = readyRewards(state, T0 + 60_000);
    if (!voucher) throw new Error("a full card has a voucher");
    expect(redeemDraft(program, state, voucher)).toMatchObject({
      type: "voucher.redeemed",
      voucherId: voucher.id,
      method: "staff",
    });
  });
});

describe("codeMatches", () => {
  const program = makeProgram({
    goal: 1,
    reward: {
      kind: "voucher",
      title: "10% off",
      redemption: { method: "code", format: "text", code: { kind: "generated" } },
    },
  });
  const voucher = foldCard(program, CARD, [stampEvent(T0)]).vouchers[0];

  it("accepts the voucher's code typed in lower case or with spaces, and nothing else", () => {
    if (!voucher?.code) throw new Error("no code");
    expect(codeMatches(voucher, voucher.code)).toBe(true);
    expect(
      codeMatches(voucher, ` ${voucher.code.slice(0, 4).toLowerCase()} ${voucher.code.slice(4)} `),
    ).toBe(true);
    expect(codeMatches(voucher, `${voucher.code.slice(0, 7)}X`)).toBe(voucher.code.endsWith("X"));
    expect(codeMatches(voucher, "")).toBe(false);
  });
});

describe("knownVoucher", () => {
  it("reads a scanned voucher's status here, or says this till does not know it", () => {
    const program = makeProgram({ goal: 1 });
    const state = foldCard(program, CARD, [stampEvent(T0)]);
    expect(knownVoucher(state, `${CARD}:1`, T0)).toMatchObject({ kind: "known", status: "issued" });
    expect(knownVoucher(state, `${CARD}:2`, T0)).toEqual({ kind: "unknown" });
    expect(knownVoucher(state, "c0000000-0000-4000-8000-00000000ffff:1", T0)).toEqual({
      kind: "unknown",
    });
  });
});

describe("what a screen action still does on the card as another tab left it", () => {
  const full = Array.from({ length: 10 }, (_, i) => stampEvent(T0 + i * 1_000));
  const program = makeProgram();

  it("redeems a reward only while it is ready", () => {
    const state = foldCard(program, CARD, full);
    const [voucher] = readyRewards(state, T0 + 60_000);
    if (!voucher) throw new Error("a full card has a reward");
    expect(redeemStillDue(program, state, voucher, "staff", T0 + 60_000)).toEqual(
      redeemDraft(program, state, voucher),
    );
    const handedOver = stampEvent(T0 + 20_000, {
      type: "reward.handed_over",
      voucherId: voucher.id,
    } as Partial<StampEvent>);
    const after = foldCard(program, CARD, [...full, handedOver]);
    expect(redeemStillDue(program, after, voucher, "staff", T0 + 60_000)).toBeNull();
  });

  it("takes back only the stamp that is still the last one", () => {
    const [first, second] = [stampEvent(T0), stampEvent(T0 + 1_000)];
    expect(undoStillDue([first], DEVICE, first, "r")).toEqual(undoDraft(first, "r"));
    expect(undoStillDue([first, second], DEVICE, first, "r")).toBeNull();
    const revoked = stampEvent(T0 + 2_000, {
      type: "stamps.revoked",
      targetId: first.id,
    } as Partial<StampEvent>);
    expect(undoStillDue([first, revoked], DEVICE, first, "r")).toBeNull();
  });
});
