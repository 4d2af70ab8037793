import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allVouchers,
  applyEvent,
  canApplyIncrementally,
  foldCard,
  voucherNumbered,
  voucherOfId,
  voucherStatusAt,
} from "./card-state";
import { cardView } from "./card-view";
import { parseEvent, type StampEvent } from "./events";
import { dueExpiries } from "./expiry";
import { readyRewards } from "./rules";
import { historyArb, programArb } from "./testing/arbitraries";
import { cardIdFor, EventFactory, makeProgram } from "./testing/fixtures";
import {
  FIRST_GRANT_NUMBER,
  grantedVoucherIdFor,
  isGrantedVoucherId,
  parseVoucherId,
  voucherIdFor,
} from "./voucher-id";

const RUNS = Number(process.env.STAMP_PROPERTY_RUNS ?? 200);
const DAY = 86_400_000;
const program = makeProgram({ goal: 3 });

function granted(f: EventFactory, key = "birthday-2027", validDays?: number) {
  return f.make("voucher.granted", {
    voucherId: grantedVoucherIdFor(f.cardId, key),
    title: "Birthday cake",
    reason: "birthday",
    ...(validDays === undefined ? {} : { validDays }),
  });
}

describe("granted vouchers", () => {
  it("G1: a grant issues a voucher with its own text and validity, outside the cycles", () => {
    const f = new EventFactory();
    const stamp = f.added(2);
    const grant = granted(f, "birthday-2027", 30);
    const state = foldCard(program, f.cardId, [stamp, grant]);
    expect(state).toMatchObject({ stamps: 2, cycles: 0, lifetimeStamps: 2, vouchers: [] });
    const voucher = voucherOfId(state, grant.voucherId);
    expect(voucher).toMatchObject({
      id: grant.voucherId,
      kind: "simple",
      title: "Birthday cake",
      status: "issued",
      issuedAt: grant.hlc,
      grantReason: "birthday",
      expiresAtMs: f.nowMs + 30 * DAY,
    });
    expect(voucher?.cycle).toBeGreaterThanOrEqual(FIRST_GRANT_NUMBER);
    expect(voucherNumbered(state, voucher?.cycle ?? 0)).toBe(voucher);
    expect(readyRewards(state, f.nowMs).map((v) => v.id)).toEqual([grant.voucherId]);
    expect(cardView(state, f.nowMs)).toMatchObject({
      rewardsReady: 1,
      vouchers: [{ id: grant.voucherId }],
    });
  });

  it("G1: grant ids are derived from the card and the grant's key, in the grant range, and parse", () => {
    const card = cardIdFor(7);
    const id = grantedVoucherIdFor(card, "automation-1|birthday-2027");
    expect(id).toBe(grantedVoucherIdFor(card, "automation-1|birthday-2027"));
    expect(id).not.toBe(grantedVoucherIdFor(card, "automation-1|birthday-2028"));
    expect(parseVoucherId(id)?.cardId).toBe(card);
    expect(isGrantedVoucherId(id)).toBe(true);
    expect(isGrantedVoucherId(voucherIdFor(card, 3))).toBe(false);
    const f = new EventFactory(card);
    const event = granted(f);
    expect(parseEvent(event).ok).toBe(true);
    expect(parseEvent({ ...event, voucherId: voucherIdFor(card, 3) }).ok).toBe(false);
    expect(parseEvent({ ...event, reason: "lottery" }).ok).toBe(false);
  });

  it("G2: the same grant made twice (two server instances) gives one voucher; the first in L2 order stands", () => {
    const f = new EventFactory();
    const first = granted(f, "k", 10);
    const second = { ...granted(f, "k", 20), title: "Other text" };
    const state = foldCard(program, f.cardId, [second, first]);
    expect(allVouchers(state)).toHaveLength(1);
    expect(voucherOfId(state, first.voucherId)).toMatchObject({ title: "Birthday cake" });
    const other = new EventFactory(cardIdFor(2));
    const foreign = { ...granted(other), cardId: f.cardId } as StampEvent;
    expect(allVouchers(foldCard(program, f.cardId, [foreign]))).toEqual([]);
  });

  it("G3: a granted voucher is handed over like any voucher; twice is a double redemption", () => {
    const f = new EventFactory();
    const grant = granted(f);
    const give = f.make("reward.handed_over", { voucherId: grant.voucherId });
    const again = f.make("voucher.redeemed", { voucherId: grant.voucherId, method: "staff" });
    const state = foldCard(program, f.cardId, [grant, give, again]);
    expect(voucherOfId(state, grant.voucherId)).toMatchObject({
      status: "redeemed",
      redeemedBy: give.id,
      redeemMethod: "handover",
    });
    expect(state.conflicts).toEqual([
      expect.objectContaining({
        kind: "double-redemption",
        voucherId: grant.voucherId,
        winnerId: give.id,
      }),
    ]);
  });

  it("G3: a granted voucher expires after its days, is swept like any other, and a later redemption is refused", () => {
    const f = new EventFactory();
    const grant = granted(f, "k", 2);
    f.wait(3 * DAY);
    const due = dueExpiries(program, foldCard(program, f.cardId, [grant]), f.nowMs);
    expect(due.map((d) => [d.type, "voucherId" in d ? d.voucherId : null])).toEqual([
      ["voucher.expired", grant.voucherId],
    ]);
    const expired = f.make("voucher.expired", { voucherId: grant.voucherId });
    const late = f.make("reward.handed_over", { voucherId: grant.voucherId });
    const state = foldCard(program, f.cardId, [grant, expired, late]);
    expect(voucherOfId(state, grant.voucherId)?.status).toBe("expired");
    expect(state.conflicts.map((c) => c.kind)).toEqual(["voucher-expired"]);
    const unswept = voucherOfId(foldCard(program, f.cardId, [grant]), grant.voucherId);
    expect(unswept && voucherStatusAt(unswept, f.nowMs)).toBe("expired");
  });

  it("G3: undoing stamps never withdraws a granted voucher", () => {
    const f = new EventFactory();
    const stamp = f.added(3);
    const grant = granted(f);
    const undo = f.revoked(stamp.id);
    const state = foldCard(program, f.cardId, [stamp, grant, undo]);
    expect(state.vouchers.map((v) => v.status)).toEqual(["withdrawn"]);
    expect(voucherOfId(state, grant.voucherId)?.status).toBe("issued");
  });

  it("C1, G1: a grant folds incrementally and equals a refold", () => {
    const f = new EventFactory();
    const events = [f.added(1), granted(f), f.added(3)];
    let state = foldCard(program, f.cardId, events.slice(0, 1));
    for (const event of events.slice(1)) {
      expect(canApplyIncrementally(state, event)).toBe(true);
      state = applyEvent(program, state, event);
    }
    expect(state).toEqual(foldCard(program, f.cardId, events));
  });

  it("G5: a bonus stamp (channel api) counts, but the last visit stays the customer's own stamp", () => {
    const f = new EventFactory();
    const visit = f.added(1, "staff");
    f.wait(30 * DAY);
    const bonus = f.added(1, "api");
    const state = foldCard(program, f.cardId, [visit, bonus]);
    expect(state).toMatchObject({
      lifetimeStamps: 2,
      lastStampHlc: bonus.hlc,
      lastVisitHlc: visit.hlc,
    });
    expect(foldCard(program, f.cardId, [bonus]).lastVisitHlc).toBeNull();
    expect(applyEvent(program, foldCard(program, f.cardId, [visit]), bonus)).toEqual(state);
  });

  it(`G1, G2: grants never move stamps or cycles, and each granted id is one voucher (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(programArb, historyArb(), (p, events) => {
        for (const cardId of new Set(events.map((e) => e.cardId))) {
          const own = events.filter((e) => e.cardId === cardId);
          const withGrants = foldCard(p, cardId, own);
          const without = foldCard(
            p,
            cardId,
            own.filter((e) => e.type !== "voucher.granted"),
          );
          expect(withGrants.lifetimeStamps).toBe(without.lifetimeStamps);
          expect(withGrants.vouchers.map((v) => v.id)).toEqual(without.vouchers.map((v) => v.id));
          const grantIds = new Set(
            own.flatMap((e) => (e.type === "voucher.granted" ? [e.voucherId] : [])),
          );
          expect((withGrants.granted ?? []).map((v) => v.id).sort()).toEqual([...grantIds].sort());
        }
      }),
      { numRuns: RUNS },
    );
  });
});
