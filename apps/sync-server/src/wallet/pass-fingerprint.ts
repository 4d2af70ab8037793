import { type CardState, cardView, readyRewards } from "@stamp/core";

/**
 * What a wallet pass shows of a card, as a comparable string. Wallet apps complain about pushes
 * that change nothing, so a new event only bumps the pass (and pushes) when this string changes:
 * the stamps, and each reward ready to use (its details and its news are on the pass).
 */
export function passFingerprint(state: CardState, nowMs: number): string {
  const view = cardView(state, nowMs);
  const rewards = readyRewards(state, nowMs)
    .map((v) => `${v.cycle}@${v.issuedAt}${v.revealedAt === undefined ? "" : "*"}`)
    .join(",");
  return `${view.stamps}/${view.goal}|${view.rewardsReady}|${view.blocked ? "blocked" : "active"}|${rewards}`;
}
