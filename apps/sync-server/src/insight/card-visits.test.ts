import { describe, expect, it } from "vitest";
import type { ActivityPlan } from "./activity-plan";
import { cardVisits } from "./card-visits";

const plan = (cards: ActivityPlan["cards"], recount: string[] = []): ActivityPlan => ({
  hours: [],
  cards,
  revoked: [],
  recount,
});

describe("cardVisits", () => {
  it("gives each card the visits the batch added and the newest one's time", () => {
    const visits = cardVisits(
      plan([
        { cardId: "a", enrolled: null, visits: 2, lastVisitAt: 50 },
        { cardId: "b", enrolled: { at: 10, locationId: "" }, visits: 0, lastVisitAt: null },
      ]),
    );
    expect([...visits]).toEqual([["a", { visits: 2, lastVisitAt: 50 }]]);
  });

  it("leaves out a card that lost a visit: it is counted again whole", () => {
    const visits = cardVisits(
      plan([{ cardId: "a", enrolled: null, visits: 1, lastVisitAt: 50 }], ["a"]),
    );
    expect(visits.size).toBe(0);
  });

  it("gives nothing when the batch is not counted", () => {
    expect(cardVisits(null).size).toBe(0);
  });
});
