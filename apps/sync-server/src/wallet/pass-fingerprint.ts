import { type CardState, cardView, readyRewards } from "@stamp/core";
import { cardNotice } from "./card-notice";

/**
 * What a wallet pass shows of a card, as a comparable string. Wallet apps complain about pushes
 * that change nothing, so a new event only bumps the pass (and pushes) when this string changes:
 * the stamps, each reward ready to use (its details are on the pass) and the lock-screen news (a
 * reward earned, about to expire or expired: stamp-core SPEC X2, X4).
 */
export function passFingerprint(state: CardState, nowMs: number): string {
  const view = cardView(state, nowMs);
  const rewards = readyRewards(state, nowMs)
    .map((v) => `${v.cycle}@${v.issuedAt}${v.revealedAt === undefined ? "" : "*"}`)
    .join(",");
  const news = cardNotice(state, nowMs)?.id ?? "";
  return `${view.stamps}/${view.goal}|${view.rewardsReady}|${view.blocked ? "blocked" : "active"}|${rewards}|${news}`;
}
