import { emptyCardState, foldCard, ownedCopy, type StampEvent } from "@stamp/core";
import { cardIdFor } from "@stamp/core/testing";
import { historyArb, programArb } from "@stamp/core/testing/arbitraries";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultProgram } from "../programs/default-program";
import { decodeCardState, encodeCardState } from "./card-state-json";

describe("card state JSON", () => {
  it("round-trips a folded state, pending revocations included", () => {
    const program = defaultProgram("0190a000-0000-4000-8000-000000000001");
    const cardId = "0190a000-0000-4000-8000-000000000002";
    const base = {
      v: 1,
      deviceId: "0190a000-0000-4000-8000-000000000003",
      merchantId: program.merchantId,
      programId: program.id,
      cardId,
    } as const;
    const events = [
      {
        ...base,
        id: "0190a000-0000-7000-8000-000000000010",
        type: "stamps.added",
        hlc: "2026-01-01T10:00:00.000Z-0000-0000000000000003",
        count: 12,
        channel: "staff",
      },
      {
        ...base,
        id: "0190a000-0000-7000-8000-000000000011",
        type: "stamps.revoked",
        hlc: "2026-01-01T10:01:00.000Z-0000-0000000000000003",
        targetId: "0190a000-0000-7000-8000-000000000010",
        reason: "mistake",
      },
      {
        ...base,
        id: "0190a000-0000-7000-8000-000000000012",
        type: "stamps.added",
        hlc: "2026-01-01T10:02:00.000Z-0000-0000000000000003",
        count: 3,
        channel: "kiosk",
      },
    ] as StampEvent[];
    const state = foldCard(program, cardId, events);
    expect(state.vouchers).toHaveLength(1);
    const text = encodeCardState(state);
    // The vouchers are stored in their own rows, not in the state text.
    expect(JSON.parse(text)).not.toHaveProperty("vouchers");
    expect(decodeCardState(text, state.vouchers, state)).toEqual(state);
  });

  it("writes the newest HLC once when the newest stamp and visit are that event", () => {
    const program = defaultProgram("0190a000-0000-4000-8000-000000000001");
    const cardId = "0190a000-0000-4000-8000-000000000002";
    const hlc = "2026-01-01T10:00:00.000Z-0000-0000000000000003";
    const stamped = foldCard(program, cardId, [
      {
        v: 1,
        id: "0190a000-0000-7000-8000-000000000010",
        deviceId: "0190a000-0000-4000-8000-000000000003",
        merchantId: program.merchantId,
        programId: program.id,
        cardId,
        type: "stamps.added",
        hlc,
        count: 1,
        channel: "staff",
      },
    ]);
    expect([stamped.lastStampHlc, stamped.lastVisitHlc, stamped.lastHlc]).toEqual([hlc, hlc, hlc]);
    const text = encodeCardState(stamped);
    expect(text.split(hlc)).toHaveLength(2);
    expect(decodeCardState(text, [], stamped)).toEqual(stamped);
    // A text written before, with the HLC three times, reads alike.
    const before = JSON.stringify({ ...stamped, vouchers: undefined });
    expect(decodeCardState(before, [], stamped)).toEqual(stamped);
    // A state from before visits were kept has no visit HLC, and reads back without one.
    const { lastVisitHlc: _, ...unvisited } = stamped;
    expect(decodeCardState(encodeCardState(unvisited), [], unvisited)).toEqual(unvisited);
  });

  it("leaves out the ids its row holds and the usual values, and reads a state written whole alike", () => {
    const program = defaultProgram("0190a000-0000-4000-8000-000000000001");
    const state = emptyCardState(program, "0190a000-0000-4000-8000-000000000002");
    const text = encodeCardState(state);
    for (const left of ["cardId", "programId", "merchantId", "blocked", "conflicts"])
      expect(JSON.parse(text)).not.toHaveProperty(left);
    expect(decodeCardState(text, [], state)).toEqual(state);
    const blocked = { ...state, blocked: true, ignoredStamps: 2 };
    expect(decodeCardState(encodeCardState(blocked), [], state)).toEqual(blocked);
    const whole = JSON.stringify({ ...state, vouchers: undefined });
    expect(decodeCardState(whole, [], state)).toEqual(state);
  });

  it("reads back every folded state it writes, and writes a state and its owned copy alike", () => {
    fc.assert(
      fc.property(programArb, historyArb(40), (program, events) => {
        const state = foldCard(program, cardIdFor(1), events);
        const text = encodeCardState(state);
        expect(decodeCardState(text, state.vouchers, state)).toEqual(state);
        expect(encodeCardState(ownedCopy(state))).toBe(text);
      }),
    );
  });
});
