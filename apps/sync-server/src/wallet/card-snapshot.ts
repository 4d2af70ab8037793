import { cardView } from "@stamp/core";
import type { CardSnapshot } from "@stamp/pass-builder";
import type { PassRecord, PublicCard } from "../storage/wallet-store";

/** The card as its wallet pass shows it now. */
export function cardSnapshot(card: PublicCard, pass: PassRecord, nowMs: number): CardSnapshot {
  const view = cardView(card.state, nowMs);
  return {
    serialNumber: card.id,
    authenticationToken: pass.authToken,
    code: card.code,
    stamps: view.stamps,
    rewardsReady: view.rewardsReady,
    active: !view.blocked,
  };
}
