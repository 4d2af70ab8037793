import { cardView } from "@stamp/core";
import { findCard } from "../cards/card-reference";
import { serverEvent } from "../events/server-event";
import { type Problem, problem } from "../http/api-error";
import { jsonStored, problemStored } from "../http/stored-response";
import type { Services } from "../services";
import type { Answer, IdempotencyKey } from "../storage/store";
import { admitEvent } from "../sync/admission";
import { earnedStamps, type Order } from "./order-stamps";

/**
 * A POS stamp: the card by code, number or id, the count from the order under the program's earning rule,
 * then one server-made `stamps.added` (channel "pos") judged by the same rules as a device's.
 */
export async function stampCard(
  services: Services,
  merchantId: string,
  request: Order & { card: string },
  idempotency?: IdempotencyKey,
): Promise<Answer | Problem> {
  const found = await findCard(services, merchantId, request.card);
  if (!found.ok)
    return found.reason === "not-found"
      ? problem("card-not-found", "no such card")
      : problem(found.problem, found.message);
  const earned = earnedStamps(found.program, request);
  if (!earned.ok) return earned.problem;
  const event = await serverEvent(services, merchantId, "stamps.added", {
    programId: found.card.programId,
    cardId: found.card.id,
    channel: "pos",
    programVersion: found.program.version,
    ...earned.stamps,
  });
  const now = services.now();
  return services.store.appendServerEvent(
    { merchantId, events: [event], admit: admitEvent, now },
    (outcome) => {
      switch (outcome.status) {
        case "accepted":
          return jsonStored(200, {
            ...cardView(outcome.state, now),
            number: found.card.number,
            added: { eventId: outcome.id, count: earned.stamps.count },
          });
        case "rejected":
          return problemStored(outcome.rejection);
        case "duplicate":
          return problemStored(problem("id-conflict", "this stamp event was already stored"));
        default: {
          const unreachable: never = outcome;
          throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
        }
      }
    },
    idempotency,
  );
}
