import { type Voucher, type VoucherView, voucherNumbered, voucherView } from "@stamp/core";
import { serverEvent } from "../events/server-event";
import { type Problem, problem } from "../http/api-error";
import type { AppServices } from "../services";
import type { PublicCard } from "../storage/wallet-store";
import { admitEvent } from "../sync/admission";
import { admitServerRedemption, appendServerMade } from "./server-redemption";

/** A phone offline longer than this sends its redemption dated when it arrives, not before. */
const OFFLINE_WINDOW_MS = 48 * 3600_000;

export interface SelfRedemption {
  /** A UUIDv7 the phone made for this redemption: a resend is the same event. */
  readonly id: string;
  /** When the customer made the gesture, by the phone's clock. */
  readonly at: number;
  /**
   * True when the phone already showed its confirmation (it was offline): the redemption stands,
   * and the log flags it if it clashes, as it does for an offline till (stamp-core SPEC C8).
   */
  readonly confirmed: boolean;
}

export type CustomerVoucherResult =
  | { readonly ok: true; readonly voucher: VoucherView }
  | { readonly ok: false; readonly problem: Problem };

function voucherOf(card: PublicCard, cycle: number): Voucher | undefined {
  return voucherNumbered(card.state, cycle);
}

async function current(services: AppServices, cardId: string, cycle: number) {
  const card = await services.wallet.store.findCard(cardId);
  const voucher = card ? voucherOf(card, cycle) : undefined;
  return voucher ? voucherView(voucher, services.now()) : null;
}

/**
 * A customer redeems a self-redeem voucher on the web card, in front of staff. Online, the server
 * decides before the phone shows its confirmation (a used or expired voucher is refused); a
 * redemption the phone confirmed offline is recorded when it arrives, dated when it happened.
 */
export async function selfRedeem(
  services: AppServices,
  card: PublicCard,
  cycle: number,
  request: SelfRedemption,
): Promise<CustomerVoucherResult> {
  const voucher = voucherOf(card, cycle);
  if (!voucher) return { ok: false, problem: problem("voucher-not-found", "no such voucher") };
  if (voucher.redemption?.method !== "self")
    return {
      ok: false,
      problem: problem("invalid-body", "this reward is redeemed by the staff, not on the card"),
    };
  // A resend (the answer got lost) finds its event stored: done already.
  const history = await services.store.cardHistory(card.merchantId, card.id);
  if (history.some((logged) => logged.event.id === request.id))
    return { ok: true, voucher: voucherView(voucher, services.now()) };
  const now = services.now();
  const at = Math.min(now, Math.max(request.at, now - OFFLINE_WINDOW_MS));
  const event = await serverEvent(
    services,
    card.merchantId,
    "voucher.redeemed",
    { programId: card.program.id, cardId: card.id, voucherId: voucher.id, method: "self" },
    request.confirmed ? { id: request.id, atMs: at } : { id: request.id },
  );
  const refused = await appendServerMade(
    services,
    card.merchantId,
    event,
    request.confirmed ? admitEvent : admitServerRedemption(voucher, now),
  );
  if (refused) return { ok: false, problem: refused };
  const after = await current(services, card.id, cycle);
  if (!after) throw new Error(`voucher ${voucher.id} vanished`);
  return { ok: true, voucher: after };
}

/** The customer scratches or spins a lottery voucher: its prize, recorded as seen (SPEC C12). */
export async function revealPrize(
  services: AppServices,
  card: PublicCard,
  cycle: number,
): Promise<CustomerVoucherResult> {
  const voucher = voucherOf(card, cycle);
  if (!voucher?.prize) return { ok: false, problem: problem("voucher-not-found", "no such prize") };
  if (voucher.revealedAt === undefined) {
    const event = await serverEvent(services, card.merchantId, "voucher.revealed", {
      programId: card.program.id,
      cardId: card.id,
      voucherId: voucher.id,
    });
    const refused = await appendServerMade(services, card.merchantId, event, admitEvent);
    if (refused) return { ok: false, problem: refused };
  }
  const after = await current(services, card.id, cycle);
  if (!after) throw new Error(`voucher ${voucher.id} vanished`);
  return { ok: true, voucher: after };
}
