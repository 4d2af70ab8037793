import { describe, expect, it } from "vitest";
import { NO_LOCATION, planScopes } from "./scope-entries";

const places: Record<string, readonly string[]> = { tillA: ["A"], tillB: ["B"], server: [] };
const placesOf = (deviceId: string) => places[deviceId] ?? [];

describe("planScopes", () => {
  it("brings a card's earlier events of the same batch to a location it joins (SC3)", () => {
    const writes = planScopes(
      [
        { seq: 1, cardId: "c", deviceId: "tillA" },
        { seq: 2, cardId: "c", deviceId: "tillB" },
      ],
      () => [],
      placesOf,
      () => true,
    );
    expect(writes.joins).toEqual([
      { cardId: "c", scope: "A", seq: 1 },
      { cardId: "c", scope: "B", seq: 2 },
    ]);
    expect(writes.entries).toEqual([
      { scope: "A", pos: 1, seq: 1 },
      { scope: "B", pos: 2, seq: 1 },
      { scope: "A", pos: 2, seq: 2 },
      { scope: "B", pos: 2, seq: 2 },
    ]);
  });

  it("leaves events every location already sees where they are when the card joins one", () => {
    const writes = planScopes(
      [
        { seq: 5, cardId: "c", deviceId: "server" },
        { seq: 6, cardId: "c", deviceId: "tillA" },
      ],
      () => [],
      placesOf,
      () => true,
    );
    expect(writes.joins).toEqual([{ cardId: "c", scope: "A", seq: 6 }]);
    expect(writes.entries).toEqual([
      { scope: NO_LOCATION, pos: 5, seq: 5 },
      { scope: "A", pos: 6, seq: 6 },
    ]);
  });

  it("brings an old placeless card's events of the same batch along when it joins (SC2, SC3)", () => {
    const writes = planScopes(
      [
        { seq: 5, cardId: "c", deviceId: "server" },
        { seq: 6, cardId: "c", deviceId: "tillA" },
      ],
      () => [],
      placesOf,
      () => false,
    );
    expect(writes.joins).toEqual([{ cardId: "c", scope: "A", seq: 6 }]);
    expect(writes.entries).toEqual([
      { scope: "A", pos: 6, seq: 5 },
      { scope: "A", pos: 6, seq: 6 },
    ]);
  });
});
