import { serverEvent } from "../events/server-event";
import { sha256 } from "../secrets/random-token";
import type { Services } from "../services";
import type { CardRecord } from "../storage/store";
import { admitEvent } from "../sync/admission";
import { adminEventAnswer } from "./admin-event-outcome";

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
    (outcome) => adminEventAnswer(outcome, { undone: true }, "this undo"),
    { key: `admin-undo:${card.id}:${targetId}`, requestHash: sha256(`undo:${targetId}`) },
  );
  if (answer.kind === "key-reused") return "this stamp was already undone";
  if (answer.response.status === 200) return null;
  const body = JSON.parse(answer.response.body) as { error?: { message?: string } };
  return body.error?.message ?? "refused";
}
