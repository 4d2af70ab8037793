import { describe, expect, it } from "vitest";
import { cursorText } from "./sync-cursor";
import { viewNarrowed } from "./view-narrowed";

const EPOCH = "0123456789ab";
const merchant = cursorText(40, EPOCH, "merchant");
const location = cursorText(41, EPOCH, "location");
const region3 = cursorText(42, EPOCH, "region", 3);
const region5 = cursorText(43, EPOCH, "region", 5);
const firstPull = cursorText(0, EPOCH, "location", undefined, { programId: "v17", cardId: "c1" });

describe("viewNarrowed", () => {
  it("is true when the answer's view need not hold what the till pulled before", () => {
    expect(viewNarrowed(merchant, location)).toBe(true);
    expect(viewNarrowed(merchant, region3)).toBe(true);
    expect(viewNarrowed(region3, location)).toBe(true);
    expect(viewNarrowed(region3, region5)).toBe(true);
    // Midway through a first pull of the merchant's cards, the till holds some of them.
    const merchantCards = cursorText(0, EPOCH, "merchant", undefined, {
      programId: "p",
      cardId: "c",
    });
    expect(viewNarrowed(merchantCards, firstPull)).toBe(true);
  });

  it("is false in the same view, when it widens, and from a start", () => {
    expect(viewNarrowed(location, cursorText(90, EPOCH, "location"))).toBe(false);
    expect(viewNarrowed(region3, cursorText(90, EPOCH, "region", 3))).toBe(false);
    expect(viewNarrowed(merchant, cursorText(90, EPOCH, "merchant"))).toBe(false);
    expect(viewNarrowed(location, region3)).toBe(false);
    expect(viewNarrowed(location, merchant)).toBe(false);
    expect(viewNarrowed(region3, merchant)).toBe(false);
    expect(viewNarrowed(firstPull, location)).toBe(false);
    expect(viewNarrowed(null, location)).toBe(false);
    expect(viewNarrowed("0", location)).toBe(false);
    // A cursor from before per-merchant positions: the server starts the till over.
    expect(viewNarrowed("1234", location)).toBe(false);
  });
});
