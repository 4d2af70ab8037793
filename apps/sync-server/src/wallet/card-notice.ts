import { type CardState, customerTitle, hlcMillis, readyRewards } from "@stamp/core";
import type { CardNotice } from "@stamp/pass-builder";

/**
 * The latest news a wallet card announces on the lock screen: the newest reward earned (again
 * once its lottery prize is revealed). Apple shows it when the text changes; Google gets it once
 * per id.
 */
export function cardNotice(state: CardState, nowMs: number): CardNotice | undefined {
  const newest = readyRewards(state, nowMs).at(-1);
  if (!newest) return undefined;
  const revealed = newest.revealedAt === undefined ? "" : "-revealed";
  return {
    id: `earned-${newest.cycle}-${hlcMillis(newest.issuedAt)}${revealed}`,
    kind: "earned",
    reward: customerTitle(newest),
  };
}
