import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allVouchers, type CardState, foldCard } from "./card-state";
import type { StampEvent } from "./events";
import { dueExpiries, programExpires, stampsExpireAtMs, stampsExpiryNews } from "./expiry";
import { hash53 } from "./hash";
import { parseProgram } from "./program";
import { historyArb, programArb } from "./testing/arbitraries";
import {
  DEVICE,
  EventFactory,
  eventIdFor,
  hlcAt,
  MERCHANT,
  makeProgram,
  PROGRAM,
  T0,
} from "./testing/fixtures";

const RUNS = Number(process.env.STAMP_PROPERTY_RUNS ?? 200);
const DAY = 86_400_000;
const voucher = makeProgram({
  goal: 2,
  reward: { kind: "voucher", title: "Cake", redemption: { method: "staff" }, validDays: 3 },
});

describe("expiry", () => {
  it("X2: the sweep's voucher.expired takes effect past the validity only; a redemption after it is a conflict", () => {
    const f = new EventFactory();
    const earned = f.added(2);
    const early = f.make("voucher.expired", { voucherId: `${f.cardId}:1` });
    f.wait(3 * DAY);
    const late = f.make("voucher.expired", { voucherId: `${f.cardId}:1` });
    const redeemed = f.redeemed(1);
    expect(foldCard(voucher, f.cardId, [earned, early]).vouchers[0]?.status).toBe("issued");
    const state = foldCard(voucher, f.cardId, [earned, early, late, redeemed]);
    expect(state.vouchers[0]?.status).toBe("expired");
    expect(state.conflicts).toEqual([
      expect.objectContaining({ kind: "voucher-expired", eventId: redeemed.id }),
    ]);
  });

  it("X2: a redemption made offline before the expiry wins over the sweep that came later", () => {
    const f = new EventFactory();
    const earned = f.added(2);
    f.wait(2 * DAY);
    const redeemedOffline = f.redeemed(1);
    f.wait(2 * DAY);
    const swept = f.make("voucher.expired", { voucherId: `${f.cardId}:1` });
    const state = foldCard(voucher, f.cardId, [swept, earned, redeemedOffline]);
    expect(state.vouchers[0]).toMatchObject({ status: "redeemed", redeemedBy: redeemedOffline.id });
    expect(state.conflicts).toEqual([]);
  });

  it("X3: stamps of the current cycle expire after the inactivity; completed cycles stay", () => {
    const f = new EventFactory();
    const events: StampEvent[] = [f.added(3)];
    f.wait(10 * DAY);
    events.push(f.make("stamps.expired", { inactiveDays: 7 }));
    const state = foldCard(voucher, f.cardId, events);
    expect(state).toMatchObject({ stamps: 0, cycles: 1, lifetimeStamps: 2, expiredStamps: 1 });
    expect(state.vouchers[0]?.status).toBe("issued");
  });

  it("X3: a stamp from an offline till within the window means the card was visited: nothing expires", () => {
    const f = new EventFactory();
    const first = f.added(1);
    f.wait(5 * DAY);
    const offline = f.added(1);
    f.wait(5 * DAY);
    const swept = f.make("stamps.expired", { inactiveDays: 7 });
    // The sweep saw only the first stamp; the offline one arrives after it.
    expect(foldCard(voucher, f.cardId, [first, swept]).stamps).toBe(0);
    expect(foldCard(voucher, f.cardId, [first, swept, offline])).toMatchObject({
      stamps: 0,
      cycles: 1,
      expiredStamps: 0,
    });
  });

  it("X3: undoing a stamp that had expired takes back nothing more; one whose cycle completed withdraws it", () => {
    const program = makeProgram({ goal: 3 });
    const f = new EventFactory();
    const a = f.added(2);
    const b = f.added(2);
    f.wait(10 * DAY);
    const swept = f.make("stamps.expired", { inactiveDays: 7 });
    const undoB = f.revoked(b.id);
    const afterUndoB = foldCard(program, f.cardId, [a, b, swept, undoB]);
    // b's last stamp had expired (the newest go first); its other one completed the cycle.
    expect(afterUndoB).toMatchObject({ lifetimeStamps: 2, cycles: 0, stamps: 2, expiredStamps: 0 });
    expect(afterUndoB.vouchers[0]?.status).toBe("withdrawn");
  });
});

/** Redemptions of each voucher: every one either redeemed it or is a conflict naming it. */
function accountForRedemptions(state: CardState, events: readonly StampEvent[]): void {
  const named = new Map<string, number>();
  for (const e of events)
    if (e.type === "voucher.redeemed" || e.type === "reward.handed_over")
      named.set(e.voucherId, (named.get(e.voucherId) ?? 0) + 1);
  const refused = new Set([
    "double-redemption",
    "voucher-expired",
    "voucher-withdrawn",
    "unknown-voucher",
  ]);
  for (const [voucherId, count] of named) {
    const voucher = allVouchers(state).find((v) => v.id === voucherId);
    const won = voucher?.redeemedBy !== undefined ? 1 : 0;
    const flagged = state.conflicts.filter(
      (c) => c.voucherId === voucherId && refused.has(c.kind),
    ).length;
    expect(won + flagged, voucherId).toBe(count);
  }
  for (const v of allVouchers(state)) {
    expect(v.status === "redeemed").toBe(v.redeemedBy !== undefined);
  }
}

describe("redemption and expiry (property)", () => {
  it(`X2, X3, C8: every redemption either redeems its voucher or is kept as a conflict — nothing doubled, nothing dropped — with expiries in the mix (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(programArb, historyArb(), (program, events) => {
        const cards = new Set(events.map((e) => e.cardId));
        for (const cardId of cards) {
          const own = events.filter((e) => e.cardId === cardId);
          accountForRedemptions(foldCard(program, cardId, own), own);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("reminders", () => {
  it("X4: the first reminder of an issued voucher is kept; a reminder of one not issued changes nothing", () => {
    const f = new EventFactory();
    const unknown = f.make("voucher.reminded", { voucherId: `${f.cardId}:1` });
    const earned = f.added(2);
    const first = f.make("voucher.reminded", { voucherId: `${f.cardId}:1` });
    const second = f.make("voucher.reminded", { voucherId: `${f.cardId}:1` });
    const state = foldCard(voucher, f.cardId, [second, unknown, earned, first]);
    expect(state.vouchers[0]).toMatchObject({ status: "issued", remindedAt: first.hlc });
    expect(state.conflicts).toEqual([]);
    const redeemed = f.redeemed(1);
    expect(foldCard(voucher, f.cardId, [earned, first, redeemed]).vouchers[0]).toMatchObject({
      status: "redeemed",
      remindedAt: first.hlc,
    });
  });
});

describe("what the sweep owes a card (dueExpiries)", () => {
  const program = makeProgram({
    goal: 3,
    reward: voucher.reward,
    expiry: { stampsAfterDays: 30, reminderDays: 2 },
  });

  it("X2, X4: a reminder from reminderDays before the validity ends, the expiry past it", () => {
    const f = new EventFactory();
    const earned = f.added(3);
    const state = foldCard(program, f.cardId, [earned]);
    const expiresAtMs = state.vouchers[0]?.expiresAtMs as number;
    expect(dueExpiries(program, state, expiresAtMs - 2 * DAY - 1)).toEqual([]);
    expect(dueExpiries(program, state, expiresAtMs - 2 * DAY)).toEqual([
      expect.objectContaining({ type: "voucher.reminded", atMs: expiresAtMs - 2 * DAY }),
    ]);
    expect(dueExpiries(program, state, expiresAtMs)).toHaveLength(1);
    expect(dueExpiries(program, state, expiresAtMs + 1)).toEqual([
      {
        type: "voucher.expired",
        voucherId: `${f.cardId}:1`,
        atMs: expiresAtMs + 1,
        key: `${f.cardId}:1|${earned.hlc}`,
      },
    ]);
  });

  it("X4: no reminder when the validity is no longer than the reminder; none with reminderDays 0", () => {
    const f = new EventFactory();
    const short = makeProgram({
      goal: 1,
      reward: { ...voucher.reward, validDays: 2 } as typeof voucher.reward,
      expiry: { reminderDays: 2 },
    });
    const state = foldCard(short, f.cardId, [f.added(1)]);
    const expiresAtMs = state.vouchers[0]?.expiresAtMs as number;
    expect(dueExpiries(short, state, expiresAtMs - 1)).toEqual([]);
    const off = { ...program, expiry: { reminderDays: 0 } };
    const three = foldCard(off, f.cardId, [f.added(3)]);
    expect(dueExpiries(off, three, (three.vouchers[0]?.expiresAtMs as number) - 1)).toEqual([]);
  });

  it("P7, X3: stamps expire stampsAfterDays after the last stamp only when the program says so", () => {
    const f = new EventFactory();
    const last = f.added(2);
    const state = foldCard(program, f.cardId, [last]);
    const atMs = stampsExpireAtMs(program, state) as number;
    expect(atMs).toBe(f.nowMs + 30 * DAY);
    expect(dueExpiries(program, state, atMs - 1)).toEqual([]);
    expect(dueExpiries(program, state, atMs)).toEqual([
      { type: "stamps.expired", inactiveDays: 30, atMs, key: `${f.cardId}|${last.hlc}|30` },
    ]);
    expect(dueExpiries(voucher, state, atMs + 365 * DAY)).toEqual([]);
    expect(stampsExpireAtMs(voucher, state)).toBeNull();
  });

  it("X3: the news about a card's stamps: when they expire, then that they did until the next stamp", () => {
    const f = new EventFactory();
    const first = f.added(2);
    const atMs = f.nowMs + 30 * DAY;
    expect(stampsExpiryNews(program, foldCard(program, f.cardId, [first]))).toEqual({
      kind: "expires",
      atMs,
      days: 30,
    });
    const swept = f.make("stamps.expired", { inactiveDays: 30 }, { ms: atMs });
    expect(stampsExpiryNews(program, foldCard(program, f.cardId, [first, swept]))).toEqual({
      kind: "expired",
      atMs,
    });
    f.wait(31 * DAY);
    const back = f.added(3);
    expect(stampsExpiryNews(program, foldCard(program, f.cardId, [first, swept, back]))).toBeNull();
    expect(stampsExpiryNews(voucher, foldCard(voucher, f.cardId, [first]))).toBeNull();
  });

  it("P7: the expiry option is parsed with the program; stamps never expire by default", () => {
    expect(programExpires(makeProgram())).toBe(false);
    expect(programExpires(voucher)).toBe(true);
    expect(parseProgram({ ...program, expiry: { stampsAfterDays: 0 } }).ok).toBe(false);
    expect(parseProgram({ ...program, expiry: { reminderDays: 61 } }).ok).toBe(false);
    expect(parseProgram({ ...program, expiry: { stampsAfterDays: 90 } }).ok).toBe(true);
  });
});

/** The events a sweep at `nowMs` makes: ids and times derived from what expires (X1). */
function sweep(
  program: ReturnType<typeof makeProgram>,
  state: CardState,
  nowMs: number,
  ids: Map<string, string>,
): StampEvent[] {
  return dueExpiries(program, state, nowMs).map((due) => {
    const key = `${due.type}|${due.key}`;
    if (!ids.has(key)) ids.set(key, eventIdFor(900_000 + ids.size));
    const { type, atMs, key: _about, ...fields } = due;
    return {
      id: ids.get(key) as string,
      v: 1,
      hlc: hlcAt(atMs, 0, SERVER_NODE),
      deviceId: DEVICE,
      merchantId: MERCHANT,
      programId: PROGRAM,
      cardId: state.cardId,
      type,
      ...fields,
    } as StampEvent;
  });
}

const SERVER_NODE = "00000000000000ff";

describe("the sweep (property)", () => {
  it(`X1, M3: two servers sweeping the same log make the same events; every replica folds them alike and a later sweep makes nothing new (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        programArb,
        historyArb(),
        fc.integer({ min: 0, max: 6 }),
        fc.nat(),
        (program, events, days, shuffleSeed) => {
          const nowMs = T0 + days * DAY;
          for (const cardId of new Set(events.map((e) => e.cardId))) {
            const own = events.filter((e) => e.cardId === cardId);
            const ids = new Map<string, string>();
            const swept = sweep(program, foldCard(program, cardId, own), nowMs, ids);
            const again = sweep(program, foldCard(program, cardId, own), nowMs, ids);
            expect(again).toEqual(swept);
            // One replica gets both servers' copies, another a shuffled single copy.
            const both = foldCard(program, cardId, [...own, ...swept, ...again]);
            const shuffled = [...own, ...swept].sort(
              (a, b) => hash53(a.id, shuffleSeed) - hash53(b.id, shuffleSeed),
            );
            expect(foldCard(program, cardId, shuffled)).toEqual(both);
            const log = new Set([...own, ...swept].map((e) => e.id));
            for (const later of sweep(program, both, nowMs, ids))
              expect(log.has(later.id), later.type).toBe(true);
            accountForRedemptions(both, [...own, ...swept]);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
