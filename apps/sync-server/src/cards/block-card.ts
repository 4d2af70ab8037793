import { serverEvent } from "../events/server-event";
import type { Services } from "../services";
import type { AppendOutcome } from "../storage/store";
import { admitEvent } from "../sync/admission";

/** Blocks or unblocks a card from the admin pages: a server-made event like any other. */
export async function setCardBlocked(
  services: Services,
  card: { merchantId: string; programId: string; cardId: string },
  blocked: boolean,
  reason: string,
): Promise<AppendOutcome> {
  const event = blocked
    ? await serverEvent(services, card.merchantId, "card.blocked", {
        programId: card.programId,
        cardId: card.cardId,
        reason,
      })
    : await serverEvent(services, card.merchantId, "card.unblocked", {
        programId: card.programId,
        cardId: card.cardId,
        ...(reason === "" ? {} : { reason }),
      });
  const [outcome] = await services.store.appendEvents({
    merchantId: card.merchantId,
    events: [event],
    admit: admitEvent,
    now: services.now(),
  });
  return outcome as AppendOutcome;
}
