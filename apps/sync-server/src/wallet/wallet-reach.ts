import { PASS_FETCH_OVERDUE_DAYS, type WalletLostReason } from "@stamp/wire-protocol";
import type { PassRecord, Registration } from "../storage/wallet-store";

const DAY_MS = 24 * 60 * 60 * 1000;
const FETCH_OVERDUE_MS = PASS_FETCH_OVERDUE_DAYS * DAY_MS;
/** A change younger than this may still be on its way (a phone off for the night). */
const CHANGE_GRACE_MS = DAY_MS;

export type WalletReach =
  | { readonly updates: "ok" }
  | { readonly updates: "lost"; readonly reason: WalletLostReason };

/** How one wallet stands towards the card: holds it and updates, gave it up, or never held it. */
type Holder = "updates" | "none" | WalletLostReason;

/**
 * Whether the card's pass still reaches the customer's phone, from what the server saw
 * (wire-protocol `CardWalletAnswer`): lost when a wallet stopped taking its updates and none still
 * does — a card also in a wallet that updates is fine. `applePushes`: this server sends APNs
 * pushes; without them no phone can be blamed for not fetching.
 */
export function walletReach(
  pass: PassRecord | null,
  registrations: readonly Registration[],
  now: number,
  applePushes: boolean,
): WalletReach {
  if (!pass) return { updates: "ok" };
  const holders = [apple(pass, registrations.length, now, applePushes), google(pass)];
  if (holders.includes("updates")) return { updates: "ok" };
  const reason = holders.find((holder): holder is WalletLostReason => holder !== "none");
  return reason ? { updates: "lost", reason } : { updates: "ok" };
}

function apple(pass: PassRecord, devices: number, now: number, applePushes: boolean): Holder {
  if (devices === 0) return pass.updatesLostAt === null ? "none" : "apple-removed";
  const { fetchedAt, fetchedSeq } = pass;
  // Registered before fetches were recorded: nothing to go by until the next one.
  if (!applePushes || fetchedAt === null || fetchedSeq === null) return "updates";
  const overdue =
    pass.updateSeq > fetchedSeq &&
    now - fetchedAt >= FETCH_OVERDUE_MS &&
    now - pass.updatedAt >= CHANGE_GRACE_MS;
  return overdue ? "not-fetched" : "updates";
}

function google(pass: PassRecord): Holder {
  if (pass.googleLostAt !== null) return "google-removed";
  // An object Google has not answered for yet (no push since it was saved) gets the benefit of the
  // doubt: the till never asks a customer to re-add a card that may be fine.
  return pass.googleObject && pass.googleUsers !== false ? "updates" : "none";
}
