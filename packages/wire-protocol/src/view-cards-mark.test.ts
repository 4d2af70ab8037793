import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CURSOR_TEXT, cursorPosition, cursorText } from "./sync-cursor";
import { type ViewCardsMark, viewCardsMark, viewCardsPair } from "./view-cards-mark";

const CARD = fc.stringMatching(/^[0-9A-Za-z_-]{1,64}$/);
const MS = fc.integer({ min: 0, max: 2 ** 52 });
const MARK: fc.Arbitrary<ViewCardsMark> = fc.oneof(
  fc.record({ phase: fc.constant("view" as const), since: MS, cardId: CARD }),
  fc.record({ phase: fc.constant("new" as const), since: MS, enrolled: MS, cardId: CARD }),
  fc.record({
    phase: fc.constant("join" as const),
    held: fc.option(fc.integer({ min: 1, max: 10 ** 15 - 1 }), { nil: null }),
    cardId: CARD,
  }),
);

describe("marks of a pull of a view's cards in a cursor", () => {
  it("round-trips through a location's or region's cursor text that the grammar always let through (property)", () => {
    fc.assert(
      fc.property(MARK, fc.nat({ max: 10 ** 12 }), fc.boolean(), (mark, position, region) => {
        const text = region
          ? cursorText(position, "0123456789ab", "region", 3, viewCardsPair(mark))
          : cursorText(position, "0123456789ab", "location", undefined, viewCardsPair(mark));
        expect(text).toMatch(CURSOR_TEXT);
        const read = cursorPosition(text, "0123456789ab");
        if (read === "start-over" || !read.cardsAfter) throw new Error("a cursor with a mark");
        expect(viewCardsMark(read.cardsAfter)).toEqual(mark);
      }),
    );
  });

  it("reads no mark from a merchant's card key", () => {
    expect(viewCardsMark({ programId: "prog_1", cardId: "c1" })).toBeNull();
    expect(viewCardsMark({ programId: "v01", cardId: "c1" })).toBeNull();
    expect(viewCardsMark({ programId: "n1", cardId: "c1" })).toBeNull();
    expect(viewCardsMark({ programId: "j0", cardId: "c1" })).toBeNull();
  });

  it("reads a join mark of a server that listed no versions as one held by the till's location alone", () => {
    expect(viewCardsMark({ programId: "j", cardId: "c1" })).toEqual({
      phase: "join",
      held: null,
      cardId: "c1",
    });
  });
});
