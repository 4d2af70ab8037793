import { type CardView, cardView, type Program, type VoucherView } from "@stamp/core";
import type { Session } from "../app/session";
import { type CardRefusal, checkCardCode } from "../cards/card-check";
import { planStamps, type StampWhyNot } from "../cards/stamp-plan";
import type { ScanOutcome } from "../storage/db";
import { classifyStorageError, type StorageProblem } from "../storage/storage-failure";

/** What a kiosk or autopilot scan came to, for the screen, the beep and the scan list. */
export type UnattendedResult =
  | {
      readonly kind: "stamped";
      readonly program: Program;
      readonly card: CardView;
      readonly count: number;
      /** Rewards this stamp completed, to celebrate. */
      readonly newRewards: readonly VoucherView[];
    }
  | {
      readonly kind: "refused";
      readonly program: Program;
      readonly card: CardView;
      readonly why: StampWhyNot;
    }
  | { readonly kind: "invalid"; readonly refusal: CardRefusal }
  | { readonly kind: "not-saved"; readonly problem: StorageProblem };

function outcomeOf(result: UnattendedResult): ScanOutcome | null {
  switch (result.kind) {
    case "stamped":
      return {
        kind: "stamped",
        count: result.count,
        stamps: result.card.stamps,
        goal: result.card.goal,
      };
    case "refused":
      return {
        kind: "refused",
        reason: result.why.kind === "limit" ? result.why.refusal.code : result.why.error.code,
      };
    case "invalid":
      return { kind: "invalid", reason: result.refusal.kind };
    case "not-saved":
      return null;
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

/**
 * A customer's card scanned with nobody watching: verify the code offline, apply the program's
 * limits for the channel, and make the stamp durable before anything says "stamped".
 */
export async function stampUnattended(
  session: Session,
  code: string,
  channel: "kiosk" | "autopilot",
): Promise<UnattendedResult> {
  const result = await decide(session, code, channel);
  const outcome = outcomeOf(result);
  if (outcome) {
    const cardId =
      result.kind === "stamped" || result.kind === "refused" ? result.card.cardId : null;
    // The scan list is a courtesy; a failure there shows in the storage banner, not as a lost stamp.
    session.noteScan({ at: Date.now(), mode: channel, cardId, outcome }).catch(() => {});
  }
  return result;
}

async function decide(
  session: Session,
  code: string,
  channel: "kiosk" | "autopilot",
): Promise<UnattendedResult> {
  const check = await checkCardCode(code, session.verifier);
  if (!check.ok) {
    // A card of a program (or key) made after pairing: fetch the config for next time.
    if (check.refusal.kind === "unknown-program" || check.refusal.kind === "unknown-key")
      void session.refreshConfig().catch(() => {});
    return { kind: "invalid", refusal: check.refusal };
  }
  const { cardId, program } = check;
  try {
    const now = Date.now();
    const { before, result: plan } = await session.stamp(program, cardId, (state) => {
      const planned = planStamps(program, state, channel, { kind: "order" }, now);
      return { drafts: planned.ok ? [planned.draft] : [], result: planned };
    });
    if (!plan.ok) return { kind: "refused", program, card: cardView(before, now), why: plan.why };
    const card = cardView(session.ledger.state(program, cardId), Date.now());
    const known = new Set(before.vouchers.map((v) => v.id));
    const newRewards = card.vouchers.filter((v) => !known.has(v.id) && v.status === "issued");
    return { kind: "stamped", program, card, count: plan.count, newRewards };
  } catch (error) {
    return { kind: "not-saved", problem: classifyStorageError(error) };
  }
}
