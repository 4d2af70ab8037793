import { cardView } from "@stamp/core";
import type { Services } from "../services";
import type { CardRecord } from "../storage/store";

/**
 * Everything kept about one customer (the right of access): the card, its profile, its state and
 * every event with when the server received it. The API's export and the admin's download.
 */
export async function customerExport(services: Pick<Services, "store" | "now">, card: CardRecord) {
  const history = await services.store.cardHistory(card.merchantId, card.id);
  const now = services.now();
  return {
    exportedAt: new Date(now).toISOString(),
    card: {
      id: card.id,
      programId: card.programId,
      code: card.code,
      createdAt: new Date(card.createdAt).toISOString(),
      profile: card.profile,
    },
    state: cardView(card.state, now),
    events: history.map((logged) => ({
      ...logged.event,
      receivedAt: new Date(logged.receivedAt).toISOString(),
    })),
  };
}
