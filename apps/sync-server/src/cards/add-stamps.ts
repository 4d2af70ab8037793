import { serverEvent } from "../events/server-event";
import { sha256 } from "../secrets/random-token";
import type { Services } from "../services";
import type { CardRecord } from "../storage/store";
import { admitEvent } from "../sync/admission";
import { adminEventAnswer } from "./admin-event-outcome";

/** The most stamps one "add stamps" form adds: a correction, not a way to fill cards. */
export const MAX_STAMPS_BY_HAND = 50;

export type StampsAdded =
  /** `fresh`: this call added them (false: the same form was sent before, nothing more added). */
  | { readonly ok: true; readonly eventId: string; readonly fresh: boolean }
  | { readonly ok: false; readonly message: string };

/**
 * Adds stamps to a card from the admin pages: one server-made `stamps.added` (channel `api`, the
 * server's own; stamp-core has no admin channel and the lead chose not to change the protocol),
 * judged like any stamp (a blocked card refuses it). Under the form's token as idempotency key,
 * in the append's transaction: a double submit or a reload adds them once. The reason is not in
 * the event: the caller records it in the audit log with the event's id.
 */
export async function addStampsByHand(
  services: Services,
  card: CardRecord,
  count: number,
  formToken: string,
): Promise<StampsAdded> {
  const event = await serverEvent(services, card.merchantId, "stamps.added", {
    programId: card.programId,
    cardId: card.id,
    channel: "api",
    count,
  });
  let fresh = false;
  const answer = await services.store.appendServerEvent(
    { merchantId: card.merchantId, events: [event], admit: admitEvent, now: services.now() },
    (outcome) => {
      fresh = outcome.status === "accepted";
      return adminEventAnswer(outcome, { eventId: outcome.id }, "this stamp event");
    },
    { key: `admin-add:${card.id}:${formToken}`, requestHash: sha256(`add:${count}`) },
  );
  if (answer.kind === "key-reused")
    return { ok: false, message: "this form was already sent with another number of stamps" };
  const body = JSON.parse(answer.response.body) as {
    eventId?: string;
    error?: { message?: string };
  };
  if (answer.response.status === 200 && body.eventId)
    return { ok: true, eventId: body.eventId, fresh };
  return { ok: false, message: body.error?.message ?? "refused" };
}
