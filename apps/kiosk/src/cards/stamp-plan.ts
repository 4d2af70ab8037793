import {
  type CardState,
  type Channel,
  checkStamp,
  type EarnError,
  type Program,
  type StampRefusal,
  stampsForOrder,
} from "@stamp/core";
import type { EventDraft } from "../storage/event-writer";

/** How many stamps someone asks for: the program's rule for one order, a count, or a ticket total. */
export type StampRequest =
  | { readonly kind: "order" }
  | { readonly kind: "count"; readonly count: number }
  | { readonly kind: "amount"; readonly amount: number };

export type StampPlan =
  | { readonly ok: true; readonly count: number; readonly draft: EventDraft }
  | { readonly ok: false; readonly why: StampWhyNot };

export type StampWhyNot =
  | { readonly kind: "limit"; readonly refusal: StampRefusal }
  | { readonly kind: "earning"; readonly error: EarnError };

/**
 * Turns a request into a stamps.added draft using stamp-core's earning rule and abuse limits,
 * so the device refuses exactly what the server would.
 */
export function planStamps(
  program: Program,
  state: CardState,
  channel: Channel,
  request: StampRequest,
  nowMs: number,
): StampPlan {
  let count: number;
  let order: { amount: number; currency: string } | null = null;
  switch (request.kind) {
    case "order": {
      const earned = stampsForOrder(program.earning, {});
      if (!earned.ok) return { ok: false, why: { kind: "earning", error: earned.error } };
      count = earned.count;
      break;
    }
    case "count":
      count = request.count;
      break;
    case "amount": {
      const currency = program.earning.kind === "by-amount" ? program.earning.currency : undefined;
      const earned = stampsForOrder(program.earning, {
        amount: request.amount,
        ...(currency === undefined ? {} : { currency }),
      });
      if (!earned.ok) return { ok: false, why: { kind: "earning", error: earned.error } };
      count = earned.count;
      if (currency !== undefined) order = { amount: request.amount, currency };
      break;
    }
    default: {
      const unreachable: never = request;
      return unreachable;
    }
  }
  const decision = checkStamp(program, state, { channel, count, nowMs });
  if (!decision.ok) return { ok: false, why: { kind: "limit", refusal: decision.refusal } };
  return {
    ok: true,
    count,
    draft: {
      type: "stamps.added",
      programId: program.id,
      cardId: state.cardId,
      count,
      channel,
      // What this stamp can earn is the reward of the version the till shows (stamp-core SPEC T1).
      programVersion: program.version,
      ...(order ?? {}),
    },
  };
}
