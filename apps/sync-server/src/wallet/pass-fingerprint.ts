import { type CardState, cardView } from "@stamp/core";

/**
 * What a wallet pass shows of a card, as a comparable string. Wallet apps complain about pushes
 * that change nothing, so a new event only bumps the pass (and pushes) when this string changes.
 */
export function passFingerprint(state: CardState, nowMs: number): string {
  const view = cardView(state, nowMs);
  return `${view.stamps}/${view.goal}|${view.rewardsReady}|${view.blocked ? "blocked" : "active"}`;
}
