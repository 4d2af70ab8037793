import { describe, expect, it } from "vitest";
import { leavingCards } from "./view-leave";

describe("leavingCards", () => {
  it("is every held card outside the view with nothing unsent and not shown lately, once", () => {
    const facts = {
      held: ["in", "out", "unsent", "shown", "out"],
      view: new Set(["in", "elsewhere"]),
      unsent: new Set(["unsent"]),
      shown: new Set(["shown"]),
    };
    expect(leavingCards(facts)).toEqual(["out"]);
  });
});
