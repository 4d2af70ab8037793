import { emptyCardState } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { defaultProgram } from "../programs/default-program";
import { encodeSnapshot } from "./card-state-json";
import { SnapshotCache } from "./snapshot-cache";

const program = defaultProgram("0190a000-0000-4000-8000-000000000001");
const A = "0190a000-0000-4000-8000-00000000000a";
const state = { ...emptyCardState(program, A), eventCount: 4, lastHlc: "h4", lastId: "e4" };
const take = (folded: typeof state) => ({
  eventCount: folded.eventCount,
  lastHlc: folded.lastHlc,
  lastId: folded.lastId,
  state: encodeSnapshot(folded),
  folded,
});

describe("SnapshotCache", () => {
  it("hands back the state a save kept while the stored text is the same", () => {
    const cache = new SnapshotCache(1_000_000);
    cache.remember(A, take(state));
    expect(cache.decode(A, 4, encodeSnapshot(state))).toBe(state);
  });

  it("decodes a snapshot once, and again when its text changed behind its back", () => {
    const cache = new SnapshotCache(1_000_000);
    const text = encodeSnapshot(state);
    const first = cache.decode(A, 4, text);
    expect(first).toEqual(state);
    expect(cache.decode(A, 4, text)).toBe(first);
    const other = { ...state, stamps: 3, lifetimeStamps: 3 };
    expect(cache.decode(A, 4, encodeSnapshot(other))).toEqual(other);
  });

  it("tells a card's snapshots apart by their event count", () => {
    const cache = new SnapshotCache(1_000_000);
    const later = { ...state, eventCount: 8, lastHlc: "h8", lastId: "e8", stamps: 4 };
    cache.remember(A, take(state));
    cache.remember(A, take(later));
    expect(cache.decode(A, 4, encodeSnapshot(state))).toBe(state);
    expect(cache.decode(A, 8, encodeSnapshot(later))).toBe(later);
  });
});
