import { describe, expect, it } from "vitest";
import { knownWalletLostReason, parseCardWalletAnswer, WALLET_LOST_REASONS } from "./card-wallet";

const CARD = "0193a1b2-0000-7000-8000-000000000001";
const answer = { cardId: CARD, updates: "lost", cardUrl: `https://stamp.example/c/${CARD}` };

describe("the card wallet answer", () => {
  it("reads every reason this version knows, an answer without one, and one from a newer server", () => {
    for (const reason of WALLET_LOST_REASONS) {
      const parsed = parseCardWalletAnswer({ ...answer, reason });
      expect(parsed).toEqual({ ...answer, reason });
      expect(knownWalletLostReason(parsed?.reason)).toBe(reason);
    }
    // Before reasons were sent (or an "ok"): no reason, read all the same.
    expect(parseCardWalletAnswer(answer)).toEqual(answer);
    expect(knownWalletLostReason(undefined)).toBeNull();
    // A reason a newer server added: still lost, with no words for why.
    const newer = parseCardWalletAnswer({ ...answer, reason: "phone-stolen" });
    expect(newer?.updates).toBe("lost");
    expect(knownWalletLostReason(newer?.reason)).toBeNull();
    expect(parseCardWalletAnswer({ ...answer, updates: "maybe" })).toBeNull();
    expect(parseCardWalletAnswer({ ...answer, cardId: "not-a-card" })).toBeNull();
  });
});
