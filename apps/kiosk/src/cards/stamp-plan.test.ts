import { emptyCardState, foldCard } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CARD, makeProgram, PROGRAM, stampEvent, T0 } from "../testing/fixtures";
import { planStamps } from "./stamp-plan";

describe("planStamps", () => {
  const program = makeProgram();
  const fresh = emptyCardState(program, CARD);

  it("stamps one order by the program's rule, under the version the till holds", () => {
    const edited = makeProgram({ version: 7 });
    expect(planStamps(edited, fresh, "kiosk", { kind: "order" }, T0)).toEqual({
      ok: true,
      count: 1,
      draft: {
        type: "stamps.added",
        programId: PROGRAM,
        cardId: CARD,
        count: 1,
        channel: "kiosk",
        programVersion: 7,
      },
    });
  });

  it("holds back an unattended stamp within the cooldown, with the time left", () => {
    const state = foldCard(program, CARD, [stampEvent(T0, { channel: "staff" })]);
    const plan = planStamps(program, state, "autopilot", { kind: "order" }, T0 + 60_000);
    expect(plan).toEqual({
      ok: false,
      why: { kind: "limit", refusal: { code: "cooldown", retryAfterMs: 540_000 } },
    });
    expect(planStamps(program, state, "autopilot", { kind: "order" }, T0 + 600_000).ok).toBe(true);
  });

  it("never limits staff by default", () => {
    const state = foldCard(program, CARD, [stampEvent(T0)]);
    expect(planStamps(program, state, "staff", { kind: "count", count: 3 }, T0 + 1).ok).toBe(true);
  });

  it("turns a ticket total into stamps and keeps amount and currency on the event", () => {
    const byAmount = makeProgram({
      earning: { kind: "by-amount", unitAmount: 500, currency: "EUR" },
    });
    const state = emptyCardState(byAmount, CARD);
    expect(planStamps(byAmount, state, "staff", { kind: "amount", amount: 1_250 }, T0)).toEqual({
      ok: true,
      count: 2,
      draft: {
        type: "stamps.added",
        programId: PROGRAM,
        cardId: CARD,
        count: 2,
        channel: "staff",
        programVersion: 1,
        amount: 1_250,
        currency: "EUR",
      },
    });
    expect(planStamps(byAmount, state, "staff", { kind: "amount", amount: 499 }, T0)).toEqual({
      ok: false,
      why: { kind: "earning", error: { code: "below-minimum", unitAmount: 500 } },
    });
  });

  it("asks for the amount when a by-amount card is scanned at the kiosk", () => {
    const byAmount = makeProgram({
      earning: { kind: "by-amount", unitAmount: 500, currency: "EUR" },
    });
    const plan = planStamps(
      byAmount,
      emptyCardState(byAmount, CARD),
      "kiosk",
      { kind: "order" },
      T0,
    );
    expect(plan).toEqual({
      ok: false,
      why: { kind: "earning", error: { code: "amount-required" } },
    });
  });
});
