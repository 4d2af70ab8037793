import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyEvent,
  applyOwned,
  canApplyIncrementally,
  emptyCardState,
  foldCard,
  ownedCopy,
  voucherStatusAt,
} from "./card-state";
import type { StampEvent } from "./events";
import { hlcMillis } from "./hlc";
import { historyArb, programArb } from "./testing/arbitraries";
import { cardIdFor, EventFactory, hlcAt, makeProgram, T0 } from "./testing/fixtures";

const program = makeProgram({ goal: 5 });

function incrementalOf(p: typeof program, events: readonly StampEvent[]) {
  return events.reduce((s, e) => applyEvent(p, s, e), emptyCardState(p, events[0]?.cardId ?? ""));
}

function incremental(events: readonly StampEvent[]) {
  return incrementalOf(program, events);
}

describe("card state", () => {
  it("C2: stamps count up within a cycle", () => {
    const f = new EventFactory();
    const state = foldCard(program, f.cardId, [f.enrolled(), f.added(1), f.added(2)]);
    expect(state).toMatchObject({ stamps: 3, cycles: 0, lifetimeStamps: 3, vouchers: [] });
    expect(state.enrolledAt).toBeDefined();
  });

  it("C3: reaching the goal exactly completes one cycle and issues its voucher", () => {
    const f = new EventFactory();
    const state = foldCard(program, f.cardId, [f.added(4), f.added(1)]);
    expect(state).toMatchObject({ stamps: 0, cycles: 1, lifetimeStamps: 5 });
    expect(state.vouchers).toHaveLength(1);
    expect(state.vouchers[0]).toMatchObject({
      id: `${f.cardId}:1`,
      cycle: 1,
      status: "issued",
      title: "Free coffee",
    });
  });

  it("C3: one order that overshoots carries the rest and may complete several cycles", () => {
    const f = new EventFactory();
    const state = foldCard(program, f.cardId, [f.added(3), f.added(9)]);
    expect(state).toMatchObject({ stamps: 2, cycles: 2, lifetimeStamps: 12 });
    expect(state.vouchers.map((v) => v.cycle)).toEqual([1, 2]);
  });

  it("C4: revoking the stamp that completed a cycle withdraws its voucher", () => {
    const f = new EventFactory();
    const first = f.added(4);
    const completing = f.added(2);
    const state = foldCard(program, f.cardId, [first, completing, f.revoked(completing.id)]);
    expect(state).toMatchObject({ stamps: 4, cycles: 0, lifetimeStamps: 4 });
    expect(state.vouchers[0]?.status).toBe("withdrawn");
    expect(state.conflicts).toEqual([]);
  });

  it("C4: a withdrawn voucher is issued again when the stamps are earned again", () => {
    const f = new EventFactory();
    const completing = f.added(5);
    const revoke = f.revoked(completing.id);
    const again = f.added(5);
    const state = foldCard(program, f.cardId, [completing, revoke, again]);
    expect(state.cycles).toBe(1);
    expect(state.vouchers).toHaveLength(1);
    expect(state.vouchers[0]).toMatchObject({ status: "issued", issuedAt: again.hlc });
  });

  it("C4: revoking stamps behind a redeemed voucher keeps the redemption and reports it", () => {
    const f = new EventFactory();
    const completing = f.added(5);
    const redeem = f.redeemed(1);
    const revoke = f.revoked(completing.id);
    const state = foldCard(program, f.cardId, [completing, redeem, revoke]);
    expect(state.lifetimeStamps).toBe(0);
    expect(state.vouchers[0]?.status).toBe("redeemed");
    expect(state.conflicts).toEqual([
      {
        kind: "revoked-after-redemption",
        eventId: revoke.id,
        hlc: revoke.hlc,
        voucherId: `${f.cardId}:1`,
      },
    ]);
  });

  it("C5: voucher ids are derived from card and cycle", () => {
    const f = new EventFactory();
    const state = foldCard(program, f.cardId, [f.added(15)]);
    expect(state.vouchers.map((v) => v.id)).toEqual([1, 2, 3].map((c) => `${f.cardId}:${c}`));
  });

  it("C8: a voucher redeemed on two offline tills — the first by (hlc, id) wins, the second is kept as a conflict", () => {
    const f = new EventFactory();
    const earn = f.added(5);
    const tillA = f.redeemed(1, "staff");
    const tillB = f.redeemed(1, "self");
    for (const order of [
      [earn, tillA, tillB],
      [tillB, earn, tillA],
      [tillA, tillB, earn],
    ]) {
      const state = foldCard(program, f.cardId, order);
      expect(state.vouchers[0]).toMatchObject({
        status: "redeemed",
        redeemedBy: tillA.id,
        redeemMethod: "staff",
      });
      expect(state.conflicts).toEqual([
        {
          kind: "double-redemption",
          eventId: tillB.id,
          hlc: tillB.hlc,
          voucherId: `${f.cardId}:1`,
          winnerId: tillA.id,
        },
      ]);
    }
  });

  it("C8: a simple reward handed over twice is a double redemption too", () => {
    const f = new EventFactory();
    const state = foldCard(program, f.cardId, [f.added(5), f.handedOver(1), f.handedOver(1)]);
    expect(state.vouchers[0]).toMatchObject({ status: "redeemed", redeemMethod: "handover" });
    expect(state.conflicts.map((c) => c.kind)).toEqual(["double-redemption"]);
  });

  it("C8: redeeming a voucher the card has not earned is reported", () => {
    const f = new EventFactory();
    const state = foldCard(program, f.cardId, [f.added(2), f.redeemed(1)]);
    expect(state.conflicts.map((c) => c.kind)).toEqual(["unknown-voucher"]);
  });

  it("C8: redeeming a withdrawn voucher is reported", () => {
    const f = new EventFactory();
    const completing = f.added(5);
    const state = foldCard(program, f.cardId, [
      completing,
      f.revoked(completing.id),
      f.redeemed(1),
    ]);
    expect(state.conflicts.map((c) => c.kind)).toEqual(["voucher-withdrawn"]);
  });

  it("C7: a voucher expires validDays after the stamp that completed it", () => {
    const p = makeProgram({
      goal: 2,
      reward: { kind: "voucher", title: "Cake", redemption: { method: "staff" }, validDays: 30 },
    });
    const f = new EventFactory();
    const earn = f.added(2);
    const state = foldCard(p, f.cardId, [earn]);
    const voucher = state.vouchers[0];
    expect(voucher?.expiresAtMs).toBe(hlcMillis(earn.hlc) + 30 * 86_400_000);
    if (!voucher) throw new Error("no voucher");
    expect(voucherStatusAt(voucher, hlcMillis(earn.hlc) + 29 * 86_400_000)).toBe("issued");
    expect(voucherStatusAt(voucher, hlcMillis(earn.hlc) + 31 * 86_400_000)).toBe("expired");
    const late = f.make(
      "voucher.redeemed",
      { voucherId: voucher.id, method: "staff" },
      { ms: hlcMillis(earn.hlc) + 31 * 86_400_000 },
    );
    const after = foldCard(p, f.cardId, [earn, late]);
    expect(after.vouchers[0]?.status).toBe("issued");
    expect(after.conflicts.map((c) => c.kind)).toEqual(["voucher-expired"]);
  });

  it("C9: stamps added while blocked do not count and are reported; unblocking counts again", () => {
    const f = new EventFactory();
    const state = foldCard(program, f.cardId, [
      f.added(2),
      f.blocked(),
      f.added(3),
      f.unblocked(),
      f.added(1),
    ]);
    expect(state).toMatchObject({ lifetimeStamps: 3, ignoredStamps: 3, blocked: false });
    expect(state.conflicts.map((c) => c.kind)).toEqual(["stamps-while-blocked"]);
  });

  it("C10: a revocation that sorts before its target takes effect when the target arrives", () => {
    const f = new EventFactory();
    const target = f.added(3);
    // A device with a slow clock revokes it: its HLC sorts before the target's.
    const revoke = f.make(
      "stamps.revoked",
      { targetId: target.id, reason: "mistake" },
      { ms: T0 - 60_000 },
    );
    const state = foldCard(program, f.cardId, [target, revoke]);
    expect(state.lifetimeStamps).toBe(0);
    expect(state.pendingRevokes).toEqual({});
    expect(state.conflicts).toEqual([]);
  });

  it("C11: revoking the same stamps twice takes them back once and reports the second", () => {
    const f = new EventFactory();
    const target = f.added(3);
    const first = f.revoked(target.id);
    const second = f.revoked(target.id);
    const state = foldCard(program, f.cardId, [f.added(1), target, first, second]);
    expect(state.lifetimeStamps).toBe(1);
    expect(state.conflicts).toEqual([
      { kind: "revoke-repeated", eventId: second.id, hlc: second.hlc, winnerId: first.id },
    ]);
  });

  it("C4: a redeemed voucher lost to a revocation is reported once, not on every later revocation", () => {
    const f = new EventFactory();
    const completing = f.added(5);
    const more = f.added(2);
    const events = [
      f.added(3),
      completing,
      f.redeemed(1),
      f.revoked(completing.id),
      f.revoked(more.id),
      more,
    ];
    const state = foldCard(program, f.cardId, events);
    expect(state.lifetimeStamps).toBe(3);
    expect(state.conflicts.map((c) => c.kind)).toEqual(["revoked-after-redemption"]);
  });

  it("C10, C11: two revocations that both sort before their target take the stamps back once", () => {
    const f = new EventFactory();
    const target = f.added(3);
    const early = (ms: number) =>
      f.make("stamps.revoked", { targetId: target.id, reason: "mistake" }, { ms });
    const first = early(T0 - 60_000);
    const second = early(T0 - 30_000);
    const state = foldCard(program, f.cardId, [second, target, first]);
    expect(state.lifetimeStamps).toBe(0);
    expect(state.conflicts).toEqual([
      { kind: "revoke-repeated", eventId: second.id, hlc: second.hlc, winnerId: first.id },
    ]);
  });

  it("C1: a revocation, or the target of an earlier-sorting revocation, asks for a refold", () => {
    const f = new EventFactory();
    const first = f.added(1);
    const target = f.added(2);
    const early = f.make(
      "stamps.revoked",
      { targetId: target.id, reason: "mistake" },
      { ms: T0 - 1 },
    );
    const revoke = f.revoked(target.id);
    const before = foldCard(program, f.cardId, [first]);
    expect(canApplyIncrementally(before, target)).toBe(true);
    expect(canApplyIncrementally(before, revoke)).toBe(false);
    expect(() => applyEvent(program, before, revoke)).toThrow(/refold/);
    const waiting = foldCard(program, f.cardId, [early]);
    expect(waiting.pendingRevokes).toEqual({ [target.id]: early.id });
    expect(canApplyIncrementally(waiting, target)).toBe(false);
  });

  it("C1: incremental apply equals a refold, and refuses events that sort earlier", () => {
    const f = new EventFactory();
    const events = [
      f.enrolled(),
      f.added(3),
      f.added(4),
      f.redeemed(1),
      f.blocked(),
      f.added(1),
      f.unblocked(),
    ];
    expect(incremental(events)).toEqual(foldCard(program, f.cardId, events));
    const state = incremental(events.slice(1));
    expect(() => applyEvent(program, state, events[0] as StampEvent)).toThrow(/refold/);
  });

  it("C1: events applied in place to one owned copy give applyEvent's state, the original untouched", () => {
    const f = new EventFactory();
    const start = foldCard(program, f.cardId, [f.enrolled(), f.added(2)]);
    const events = [
      f.added(3),
      f.added(4),
      f.redeemed(1),
      f.blocked(),
      f.added(1),
      f.unblocked(),
      f.added(9),
    ];
    const before = structuredClone(start);
    const owned = ownedCopy(start);
    for (const event of events) applyOwned(program, owned, event);
    expect(owned).toEqual(events.reduce((s, e) => applyEvent(program, s, e), start));
    expect(start).toEqual(before);
    expect(() => applyOwned(program, owned, f.revoked(events[0]?.id as string))).toThrow(/refold/);
  });

  it("C1: an owned copy is the state field for field, shares no array with it", () => {
    fc.assert(
      fc.property(programArb, historyArb(40), (p, events) => {
        const state = foldCard(p, cardIdFor(1), events);
        const owned = ownedCopy(state);
        expect(owned).toStrictEqual(state);
        expect(owned.vouchers).not.toBe(state.vouchers);
        expect(owned.pendingRevokes).not.toBe(state.pendingRevokes);
      }),
    );
  });

  it("C1, L2: the fold ignores arrival order and duplicates", () => {
    const f = new EventFactory();
    const events = [f.added(3), f.added(4), f.redeemed(1), f.added(2)];
    const shuffled = [
      events[3],
      events[0],
      events[2],
      events[1],
      events[0],
      events[3],
    ] as StampEvent[];
    expect(foldCard(program, f.cardId, shuffled)).toEqual(foldCard(program, f.cardId, events));
  });

  it("L2: events with one HLC are ordered by id", () => {
    const f = new EventFactory();
    const earn = f.added(5);
    const sameTime = hlcAt(T0 + 1_000_000);
    const a = { ...f.redeemed(1), hlc: sameTime, id: "01900000-0000-7000-8000-00000000000a" };
    const b = { ...f.redeemed(1), hlc: sameTime, id: "01900000-0000-7000-8000-00000000000b" };
    const state = foldCard(program, f.cardId, [earn, b, a]);
    expect(state.vouchers[0]?.redeemedBy).toBe(a.id);
  });

  it("C6: lottery vouchers carry the same prize on every fold", () => {
    const p = makeProgram({
      goal: 1,
      reward: {
        kind: "lottery",
        title: "Lucky draw",
        seed: "seed-0123456789abcdef",
        prizes: [
          { id: "muffin", title: "Muffin", weight: 3 },
          { id: "mug", title: "Mug", weight: 1 },
        ],
        redemption: { method: "staff" },
      },
    });
    const f = new EventFactory();
    const events = [f.added(40)];
    const prizes = foldCard(p, f.cardId, events).vouchers.map((v) => v.prize?.id);
    expect(prizes).toEqual(foldCard(p, f.cardId, [...events]).vouchers.map((v) => v.prize?.id));
    expect(new Set(prizes)).toEqual(new Set(["muffin", "mug"]));
  });

  it("C12: the first reveal of a lottery prize is remembered; other reveals change nothing", () => {
    const lottery = makeProgram({
      goal: 1,
      reward: {
        kind: "lottery",
        title: "Lucky draw",
        seed: "seed-0123456789abcdef",
        prizes: [{ id: "muffin", title: "Muffin", weight: 1 }],
        redemption: { method: "self" },
      },
    });
    const f = new EventFactory();
    const earn = f.added(1);
    const first = f.revealed(1);
    const second = f.revealed(1);
    const state = foldCard(lottery, f.cardId, [second, earn, first, f.revealed(7)]);
    expect(state.vouchers[0]).toMatchObject({ prize: { id: "muffin" }, revealedAt: first.hlc });
    expect(state.conflicts).toEqual([]);
    expect(incrementalOf(lottery, [earn, first, second])).toEqual(
      foldCard(lottery, f.cardId, [earn, first, second]),
    );
    // A simple reward has no prize to reveal.
    const g = new EventFactory();
    expect(foldCard(program, g.cardId, [g.added(5), g.revealed(1)]).vouchers[0]).not.toHaveProperty(
      "revealedAt",
    );
  });
});
