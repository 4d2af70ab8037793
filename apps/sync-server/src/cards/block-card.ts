import { serverEvent } from "../events/server-event";
import { jsonStored } from "../http/stored-response";
import type { Services } from "../services";
import type { IdempotencyKey } from "../storage/store";
import { admitEvent } from "../sync/admission";

/**
 * Blocks or unblocks a card from the admin pages: a server-made event like any other. Under the
 * idempotency key of the form that asked for it, a form sent twice (a double click on the
 * confirmation, a reload) gets the first answer and makes no second event.
 */
export async function setCardBlocked(
  services: Services,
  card: { merchantId: string; programId: string; cardId: string },
  blocked: boolean,
  reason: string,
  idempotency?: IdempotencyKey,
): Promise<void> {
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
  await services.store.appendServerEvent(
    { merchantId: card.merchantId, events: [event], admit: admitEvent, now: services.now() },
    (outcome) => jsonStored(outcome.status === "accepted" ? 200 : 409, { status: outcome.status }),
    idempotency,
  );
}
