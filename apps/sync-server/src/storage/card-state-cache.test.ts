import { emptyCardState } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { defaultProgram } from "../programs/default-program";
import { CardStateCache } from "./card-state-cache";
import { encodeCardState } from "./card-state-json";

const program = defaultProgram("0190a000-0000-4000-8000-000000000001");
const state = (cardId: string) => emptyCardState(program, cardId);
const A = "0190a000-0000-4000-8000-00000000000a";
const B = "0190a000-0000-4000-8000-00000000000b";
const C = "0190a000-0000-4000-8000-00000000000c";

describe("CardStateCache", () => {
  it("hands back the state it remembered while the stored row is the same", () => {
    const cache = new CardStateCache(1_000_000);
    const written = state(A);
    const text = encodeCardState(written);
    cache.remember(A, text, 3, written);
    expect(cache.get(A, text, 3)).toBe(written);
  });

  it("misses when the state text or the vouchers changed behind its back", () => {
    const cache = new CardStateCache(1_000_000);
    const written = state(A);
    cache.remember(A, encodeCardState(written), 3, written);
    const other = { ...written, stamps: 3, lifetimeStamps: 3 };
    expect(cache.get(A, encodeCardState(other), 3)).toBeUndefined();
    expect(cache.get(A, encodeCardState(written), 4)).toBeUndefined();
  });

  it("forgets the least recently written cards beyond its size, whatever was read since", () => {
    const text = encodeCardState(state(A));
    const cache = new CardStateCache(text.length * 2 + 10);
    cache.remember(A, text, 0, state(A));
    cache.remember(B, text, 0, state(B));
    expect(cache.get(A, text, 0)).toEqual(state(A));
    cache.remember(C, text, 0, state(C));
    expect(cache.get(A, text, 0)).toBeUndefined();
    expect(cache.get(B, text, 0)).toEqual(state(B));
    expect(cache.get(C, text, 0)).toEqual(state(C));
  });

  it("counts a card's vouchers against its size", () => {
    const text = encodeCardState(state(A));
    const cache = new CardStateCache(text.length * 3);
    const voucher = {
      id: "v",
      cycle: 1,
      kind: "simple",
      title: "Free coffee",
      status: "issued",
      issuedAt: "2026-01-01T10:00:00.000Z-0000-0000000000000003",
      programVersion: 1,
    } as const;
    const busy = { ...state(A), vouchers: Array.from({ length: 50 }, () => voucher) };
    cache.remember(A, text, 0, busy);
    expect(cache.get(A, text, 0)).toBeUndefined();
  });
});
