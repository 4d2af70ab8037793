import { type CardState, readyRewards } from "@stamp/core";
import { cardNotice } from "./card-notice";

/**
 * What a wallet pass shows of a card, as a comparable string. Wallet apps complain about pushes
 * that change nothing, so a new event only bumps the pass (and pushes) when this string changes:
 * the stamps, each reward ready to use (its details are on the pass) and the lock-screen news (a
 * reward earned, about to expire or expired: stamp-core SPEC X2, X4). Every save of a card makes
 * it (issue 13), so it reads the state's fields and its ready rewards, not a whole `cardView`,
 * which made a view object of every voucher the card ever earned: ~0.4 ms a stamp for a card of
 * 1,100 vouchers. The ready rewards are the view's `rewardsReady`, counted, worked out once for
 * the fingerprint and its news.
 */
export function passFingerprint(state: CardState, nowMs: number): string {
  const ready = readyRewards(state, nowMs);
  const rewards = ready
    .map((v) => `${v.cycle}@${v.issuedAt}${v.revealedAt === undefined ? "" : "*"}`)
    .join(",");
  const news = cardNotice(state, nowMs, null, ready)?.id ?? "";
  return `${state.stamps}/${state.goal}|${ready.length}|${state.blocked ? "blocked" : "active"}|${rewards}|${news}`;
}
