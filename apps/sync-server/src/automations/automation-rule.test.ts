import { type CardState, emptyCardState, type Voucher } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { defaultProgram } from "../programs/default-program";
import type { AudienceCandidate } from "../storage/campaign-store";
import { occasion } from "./automation-rule";

const DAY = 86_400_000;
const program = defaultProgram("00000000-0000-4000-8000-000000000001");
const at = (iso: string) => Date.parse(iso);
const hlc = (ms: number) => `${new Date(ms).toISOString()}-0000-node`;

function card(state: Partial<CardState> = {}, profile: Record<string, string> | null = null) {
  return {
    cardId: "card",
    blocked: state.blocked ?? false,
    state: { ...emptyCardState(program, "card"), ...state },
    profile,
    createdAt: at("2026-01-01T00:00:00.000Z"),
  } satisfies AudienceCandidate;
}

describe("automation occasions", () => {
  it("birthday: from N days before, once per year of the birthday; 29 February on the 28th; never when blocked", () => {
    const rule = { kind: "birthday", settings: { daysBefore: 7 } } as const;
    const born = (birthday: string, state: Partial<CardState> = {}) =>
      card(state, { birthday, consentedAt: "2026-01-01T00:00:00.000Z" });
    const now = at("2026-12-05T10:00:00.000Z");
    expect(occasion(rule, born("1990-12-12"), now)).toBe("birthday-2026");
    expect(occasion(rule, born("1990-12-05"), now)).toBe("birthday-2026");
    expect(occasion(rule, born("1990-12-13"), now)).toBeNull();
    expect(occasion(rule, born("1990-12-04"), now)).toBeNull();
    expect(occasion(rule, born("1990-01-02"), at("2026-12-28T10:00:00.000Z"))).toBe(
      "birthday-2027",
    );
    expect(occasion(rule, born("2000-02-29"), at("2027-02-28T10:00:00.000Z"))).toBe(
      "birthday-2027",
    );
    expect(occasion(rule, born("1990-12-12", { blocked: true }), now)).toBeNull();
    expect(occasion(rule, card(), now)).toBeNull();
  });

  it("win-back: no visit for N days, once per lapse (the last visit names it)", () => {
    const rule = { kind: "win-back", settings: { days: 30 } } as const;
    const visit = at("2026-10-01T12:00:00.000Z");
    const lapsed = card({ lastStampHlc: hlc(visit) });
    expect(occasion(rule, lapsed, visit + 29 * DAY)).toBeNull();
    expect(occasion(rule, lapsed, visit + 30 * DAY)).toBe(`lapse-${visit}`);
    expect(occasion(rule, lapsed, visit + 90 * DAY)).toBe(`lapse-${visit}`);
  });

  it("almost there: at most K stamps left and idle, once per reward cycle", () => {
    const rule = { kind: "almost-there", settings: { stampsLeft: 1, idleDays: 14 } } as const;
    const visit = at("2026-11-01T12:00:00.000Z");
    const nine = card({ stamps: 9, cycles: 2, lastStampHlc: hlc(visit) });
    expect(occasion(rule, nine, visit + 14 * DAY)).toBe("cycle-2");
    expect(occasion(rule, nine, visit + 13 * DAY)).toBeNull();
    expect(
      occasion(rule, card({ stamps: 8, lastStampHlc: hlc(visit) }), visit + 20 * DAY),
    ).toBeNull();
  });

  it("reward waiting: a ready reward unused for N days, once per reward", () => {
    const rule = { kind: "reward-waiting", settings: { days: 7 } } as const;
    const earned = at("2026-11-01T12:00:00.000Z");
    const voucher = {
      id: "v",
      cycle: 3,
      kind: "simple",
      title: "Free coffee",
      status: "issued",
      issuedAt: hlc(earned),
      programVersion: 1,
    } as unknown as Voucher;
    const waiting = card({ vouchers: [voucher] });
    expect(occasion(rule, waiting, earned + 6 * DAY)).toBeNull();
    expect(occasion(rule, waiting, earned + 7 * DAY)).toBe("reward-3");
    const used = card({ vouchers: [{ ...voucher, status: "redeemed" } as Voucher] });
    expect(occasion(rule, used, earned + 8 * DAY)).toBeNull();
  });
});
