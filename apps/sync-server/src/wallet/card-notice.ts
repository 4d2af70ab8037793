import {
  allVouchers,
  type CardState,
  customerTitle,
  hlcMillis,
  readyRewards,
  stampsExpiredAtMs,
} from "@stamp/core";
import type { CardNotice } from "@stamp/pass-builder";
import type { PassMessage } from "../storage/wallet-store";

type ReadyReward = ReturnType<typeof readyRewards>[number];

/**
 * The latest news a wallet card announces on the lock screen: the newest reward earned (again
 * once its lottery prize is revealed), a reward about to expire (once the server's sweep reminded,
 * stamp-core SPEC X4), one that expired (X2), or the stamps that expired for want of a visit
 * (X3), or the merchant's newest campaign message — whichever happened last. Apple shows it when
 * the text changes; Google gets it once per id. `ready`: the state's `readyRewards` at `nowMs`
 * when the caller has them (a save's `passFingerprint` does: issue 13).
 */
export function cardNotice(
  state: CardState,
  nowMs: number,
  message: PassMessage | null = null,
  ready: readonly ReadyReward[] = readyRewards(state, nowMs),
): CardNotice | undefined {
  let latest: { readonly atMs: number; readonly notice: CardNotice } | undefined;
  const consider = (atMs: number, notice: CardNotice) => {
    if (!latest || atMs >= latest.atMs) latest = { atMs, notice };
  };
  const newest = ready.at(-1);
  if (newest) {
    const revealed = newest.revealedAt === undefined ? "" : "-revealed";
    consider(hlcMillis(newest.revealedAt ?? newest.issuedAt), {
      id: `earned-${newest.cycle}-${hlcMillis(newest.issuedAt)}${revealed}`,
      kind: "earned",
      reward: customerTitle(newest),
    });
  }
  for (const voucher of ready)
    if (voucher.remindedAt !== undefined && voucher.expiresAtMs !== undefined)
      consider(hlcMillis(voucher.remindedAt), {
        id: `expiring-${voucher.cycle}-${hlcMillis(voucher.issuedAt)}`,
        kind: "expiring",
        reward: customerTitle(voucher),
        date: new Date(voucher.expiresAtMs),
      });
  for (const voucher of allVouchers(state))
    if (voucher.status === "expired" && voucher.expiresAtMs !== undefined)
      consider(voucher.expiresAtMs + 1, {
        id: `expired-${voucher.cycle}-${hlcMillis(voucher.issuedAt)}`,
        kind: "expired",
        reward: customerTitle(voucher),
      });
  const stampsExpired = stampsExpiredAtMs(state);
  if (stampsExpired !== null)
    consider(stampsExpired, {
      id: `stamps-expired-${stampsExpired}`,
      kind: "stamps-expired",
      reward: "",
      date: new Date(stampsExpired),
    });
  if (message)
    consider(message.at, {
      id: `message-${message.id}`,
      kind: "message",
      reward: "",
      texts: message.texts,
    });
  return latest?.notice;
}
