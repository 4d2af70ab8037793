import { cardView, foldCard } from "@stamp/core";
import { cardIdFor, T0 } from "@stamp/core/testing";
import { historyArb, programArb } from "@stamp/core/testing/arbitraries";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cardNotice } from "./card-notice";
import { passFingerprint } from "./pass-fingerprint";

const DAY_MS = 86_400_000;

describe("passFingerprint", () => {
  it("shows what the card's view shows: its stamps, goal, ready rewards and state", () => {
    fc.assert(
      fc.property(
        programArb,
        historyArb(40),
        fc.integer({ min: 0, max: 120 }),
        (program, events, days) => {
          const now = T0 + days * DAY_MS;
          const state = foldCard(program, cardIdFor(1), events);
          const view = cardView(state, now);
          const ready = view.vouchers
            .filter((v) => v.status === "issued")
            .map((v) => `${v.cycle}@${v.issuedAt}${v.revealedAt === undefined ? "" : "*"}`)
            .join(",");
          const news = cardNotice(state, now)?.id ?? "";
          expect(passFingerprint(state, now)).toBe(
            `${view.stamps}/${view.goal}|${view.rewardsReady}|${view.blocked ? "blocked" : "active"}|${ready}|${news}`,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
