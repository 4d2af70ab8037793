import { ean13CheckDigit } from "./ean13";
import { hash53, hashFraction } from "./hash";
import type { Prize, Reward } from "./program";

/** The lottery prize a voucher wins: a weighted pick keyed by the program's seed and the voucher id (SPEC R4). */
export function lotteryPrize(seed: string, voucherId: string, prizes: readonly Prize[]): Prize {
  const total = prizes.reduce((sum, p) => sum + p.weight, 0);
  let ticket = hashFraction(`${seed}|${voucherId}`) * total;
  for (const prize of prizes) {
    if (ticket < prize.weight) return prize;
    ticket -= prize.weight;
  }
  // Floating point can leave ticket a hair above the last bound.
  return prizes[prizes.length - 1] as Prize;
}

/** Each prize's chance to be won, as a fraction: its weight's share of the total (SPEC R4). */
export function prizeChances(weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => (total > 0 ? w / total : 0));
}

const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; // no 0/O/1/I: read aloud at a till

/** The redeem code printed on a voucher: fixed by the merchant, or derived from the voucher id (SPEC R5). */
export function voucherCode(
  programId: string,
  reward: Reward,
  voucherId: string,
): string | undefined {
  if (reward.kind === "simple" || reward.redemption.method !== "code") return undefined;
  const code = reward.redemption.code;
  switch (code.kind) {
    case "fixed":
      return code.value;
    case "generated": {
      let n = hash53(`${programId}|${voucherId}`);
      if (reward.redemption.format === "ean13") {
        // GS1 prefix 2: numbers for use inside one business, never a product's.
        const first12 = `2${String(n % 10 ** 11).padStart(11, "0")}`;
        return `${first12}${ean13CheckDigit(first12)}`;
      }
      let out = "";
      for (let i = 0; i < 8; i++) {
        out += CODE_ALPHABET[n % 32];
        n = Math.floor(n / 32);
      }
      return out;
    }
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}
