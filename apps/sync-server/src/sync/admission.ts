import { checkStamp, emptyCardState, hlcMillis, isInOrder, type StampRefusal } from "@stamp/core";
import type { AdmissionInput } from "../storage/store";
import { type Rejection, rejection } from "./rejection";

/**
 * The server's word on an event that is new to the log. Abuse limits are judged at the event's own
 * time (its HLC) against the card as it stood before it. An event that sorts before the card's
 * newest one arrived late from an offline device: what the card looked like at its time is not at
 * hand, so it is judged as if on a fresh card: only its own size counts against the caps, the
 * cooldown and the block are waived, and the fold still flags what cannot stand (stamps on a
 * blocked card, double redemptions).
 */
export function admitEvent({ event, program, card }: AdmissionInput): Rejection | null {
  if (!program) return rejection("unknown-program", `program ${event.programId} is not known here`);
  if (!card) return rejection("unknown-card", `card ${event.cardId} is not known here`);
  if (card.programId !== event.programId)
    return rejection("program-mismatch", `card ${event.cardId} belongs to another program`);
  if (event.type !== "stamps.added") return null;
  if ((event.programVersion ?? 1) > program.version)
    return rejection(
      "unknown-program-version",
      `program version ${event.programVersion} is newer than the server's ${program.version}`,
    );
  const state = isInOrder(card.state, event) ? card.state : emptyCardState(program, event.cardId);
  const decision = checkStamp(program, state, {
    channel: event.channel,
    count: event.count,
    nowMs: hlcMillis(event.hlc),
  });
  return decision.ok ? null : refused(decision.refusal);
}

function refused(refusal: StampRefusal): Rejection {
  switch (refusal.code) {
    case "card-blocked":
      return rejection("card-blocked", "this card is blocked");
    case "cooldown":
      return rejection(
        "cooldown",
        `this card was stamped moments ago; next stamp in ${Math.ceil(refusal.retryAfterMs / 1000)} s`,
      );
    case "visit-cap":
      return rejection("visit-cap", `at most ${refusal.max} stamps per visit`);
    case "daily-cap":
      return rejection("daily-cap", `at most ${refusal.max} stamps per 24 hours`);
    default: {
      const unreachable: never = refusal;
      throw new Error(`unknown refusal ${JSON.stringify(unreachable)}`);
    }
  }
}
