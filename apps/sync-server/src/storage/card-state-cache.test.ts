import { emptyCardState } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { defaultProgram } from "../programs/default-program";
import { CardStateCache } from "./card-state-cache";
import { encodeCardState } from "./card-state-json";

const program = defaultProgram("0190a000-0000-4000-8000-000000000001");
const state = (cardId: string) => emptyCardState(program, cardId);
const A = "0190a000-0000-4000-8000-00000000000a";
const B = "0190a000-0000-4000-8000-00000000000b";

describe("CardStateCache", () => {
  it("hands back the state it wrote while the stored text is the same", () => {
    const cache = new CardStateCache(1_000_000);
    const written = state(A);
    const text = cache.encode(A, written);
    expect(cache.decode(A, text)).toBe(written);
  });

  it("decodes again when the stored text changed behind its back", () => {
    const cache = new CardStateCache(1_000_000);
    cache.encode(A, state(A));
    const other = { ...state(A), stamps: 3, lifetimeStamps: 3 };
    expect(cache.decode(A, encodeCardState(other))).toEqual(other);
  });

  it("forgets the least recently used cards beyond its size", () => {
    const text = encodeCardState(state(A));
    const cache = new CardStateCache(text.length + 10);
    const a = cache.decode(A, text);
    cache.decode(B, encodeCardState(state(B)));
    expect(cache.decode(A, text)).not.toBe(a);
    expect(cache.decode(A, text)).toEqual(a);
  });
});
