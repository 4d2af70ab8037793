import { serverEvent } from "../events/server-event";
import { problem } from "../http/api-error";
import { jsonStored, problemStored } from "../http/stored-response";
import { sha256 } from "../secrets/random-token";
import type { Services } from "../services";
import type { CardRecord } from "../storage/store";
import { admitEvent } from "../sync/admission";

/**
 * Undoes a stamp event of a card from the admin pages: one server-made `stamps.revoked` with the
 * merchant's reason, judged like a till's undo. Under one idempotency key per stamp, in the same
 * transaction as the append: a double submit, a reload or a second admin at once gets the first
 * answer back, never a second undo event. The refusal's message, or null once it is undone.
 */
export async function undoStamps(
  services: Services,
  card: CardRecord,
  targetId: string,
  reason: string,
): Promise<string | null> {
  const event = await serverEvent(services, card.merchantId, "stamps.revoked", {
    programId: card.programId,
    cardId: card.id,
    targetId,
    reason,
  });
  const answer = await services.store.appendServerEvent(
    { merchantId: card.merchantId, events: [event], admit: admitEvent, now: services.now() },
    (outcome) => {
      switch (outcome.status) {
        case "accepted":
          return jsonStored(200, { undone: true });
        case "rejected":
          return problemStored(outcome.rejection);
        case "duplicate":
          return problemStored(problem("id-conflict", "this undo was already stored"));
        default: {
          const unreachable: never = outcome;
          throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
        }
      }
    },
    { key: `admin-undo:${card.id}:${targetId}`, requestHash: sha256(`undo:${targetId}`) },
  );
  if (answer.kind === "key-reused") return "this stamp was already undone";
  if (answer.response.status === 200) return null;
  const body = JSON.parse(answer.response.body) as { error?: { message?: string } };
  return body.error?.message ?? "refused";
}
