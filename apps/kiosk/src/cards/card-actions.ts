import type { CardState, Program, StampEvent, Voucher } from "@stamp/core";
import type { EventDraft } from "../storage/event-writer";

/**
 * The stamp an "Undo" button takes back: this device's newest stamps.added on the card that no
 * revocation targets yet. Other devices' stamps are left to the merchant's admin pages.
 * `events` are the card's events in fold order.
 */
export function undoableStamp(events: readonly StampEvent[], deviceId: string): StampEvent | null {
  const revoked = new Set<string>();
  for (const event of events) if (event.type === "stamps.revoked") revoked.add(event.targetId);
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i] as StampEvent;
    if (event.type === "stamps.added" && event.deviceId === deviceId && !revoked.has(event.id))
      return event;
  }
  return null;
}

export function undoDraft(target: StampEvent, reason: string): EventDraft {
  return {
    type: "stamps.revoked",
    programId: target.programId,
    cardId: target.cardId,
    targetId: target.id,
    reason,
  };
}

/** A simple reward is handed over; a voucher or lottery prize is redeemed by staff. */
export function redeemDraft(program: Program, state: CardState, voucher: Voucher): EventDraft {
  const base = { programId: program.id, cardId: state.cardId, voucherId: voucher.id };
  return voucher.kind === "simple"
    ? { type: "reward.handed_over", ...base }
    : { type: "voucher.redeemed", ...base, method: "staff" };
}
