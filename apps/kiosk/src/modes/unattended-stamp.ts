import { type CardView, cardView, type Program, type Voucher, type VoucherView } from "@stamp/core";
import type { Session } from "../app/session";
import { knownVoucher, redeemDraft, revealDraft } from "../cards/card-actions";
import { type CardRefusal, needsRefresh } from "../cards/card-check";
import { planStamps, type StampWhyNot } from "../cards/stamp-plan";
import { type VoucherScanOutcome, voucherScanOutcome } from "../cards/voucher-scan";
import type { ScanOutcome } from "../storage/db";
import { classifyStorageError, type StorageProblem } from "../storage/storage-failure";
import { checkScannedCode, type ScannedCode } from "./scanned-code";

type Channel = "kiosk" | "autopilot";

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
  | {
      /** A voucher's own code was scanned (stamp-core SPEC S6). */
      readonly kind: "voucher";
      readonly program: Program;
      readonly card: CardView;
      readonly voucher: VoucherView | null;
      readonly outcome: VoucherScanOutcome;
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
    case "voucher":
      return {
        kind: "voucher",
        outcome: result.outcome,
        reward: result.voucher ? (result.voucher.prize?.title ?? result.voucher.title) : "",
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
 * A customer's card (or a voucher's code) scanned with nobody watching: verify the code offline,
 * apply the program's limits for the channel, and make the stamp durable before anything says
 * "stamped". `checked`: the code's check, when it was started before the scan (`CheckAhead`).
 */
export async function scanUnattended(
  session: Session,
  code: string,
  channel: Channel,
  checked: Promise<ScannedCode> = checkScannedCode(session, code, Date.now()),
): Promise<UnattendedResult> {
  const check = await checked;
  const result = !check.ok
    ? refuseCode(session, check.refusal)
    : check.voucherId === undefined
      ? await stamp(session, check, channel)
      : await voucherScan(session, check, check.voucherId, channel);
  const outcome = outcomeOf(result);
  if (outcome) {
    const cardId =
      result.kind === "stamped" || result.kind === "refused" || result.kind === "voucher"
        ? result.card.cardId
        : null;
    // The scan list is a courtesy; a failure there shows in the storage banner, not as a lost stamp.
    session.noteScan({ at: Date.now(), mode: channel, cardId, outcome }).catch(() => {});
  }
  return result;
}

function refuseCode(session: Session, refusal: CardRefusal): UnattendedResult {
  // A card of a program (or key) made after pairing: fetch the config for next time.
  if (needsRefresh(refusal)) void session.refreshConfig().catch(() => {});
  return { kind: "invalid", refusal };
}

/** A lottery prize the kiosk shows the customer is revealed (stamp-core SPEC C12). */
function revealsOf(
  program: Program,
  state: Parameters<typeof revealDraft>[1],
  vouchers: readonly Voucher[],
) {
  return vouchers
    .filter((v) => v.prize !== undefined && v.revealedAt === undefined)
    .map((v) => revealDraft(program, state, v));
}

type Checked = Extract<ScannedCode, { ok: true }>;

async function stamp(
  session: Session,
  { cardId, program }: Checked,
  channel: Channel,
): Promise<UnattendedResult> {
  try {
    const now = Date.now();
    const { before, result: plan } = await session.stamp(program, cardId, (state) => {
      const planned = planStamps(program, state, channel, { kind: "order" }, now);
      return { drafts: planned.ok ? [planned.draft] : [], result: planned };
    });
    if (!plan.ok) return { kind: "refused", program, card: cardView(before, now), why: plan.why };
    const after = session.ledger.state(program, cardId);
    const known = new Set(before.vouchers.map((v) => v.id));
    const earned = after.vouchers.filter((v) => !known.has(v.id) && v.status === "issued");
    if (channel === "kiosk") {
      // Revealed by the rule every write follows: decided again if another tab wrote meanwhile.
      const shown = new Set(earned.map((v) => v.id));
      await session.stamp(program, cardId, (state) => ({
        drafts: revealsOf(
          program,
          state,
          state.vouchers.filter((v) => shown.has(v.id)),
        ),
        result: null,
      }));
    }
    const card = cardView(after, Date.now());
    const newRewards = card.vouchers.filter((v) => earned.some((e) => e.id === v.id));
    return { kind: "stamped", program, card, count: plan.count, newRewards };
  } catch (error) {
    return { kind: "not-saved", problem: classifyStorageError(error) };
  }
}

async function voucherScan(
  session: Session,
  { cardId, program }: Checked,
  voucherId: string,
  channel: Channel,
): Promise<UnattendedResult> {
  try {
    const now = Date.now();
    const { result: outcome } = await session.stamp(program, cardId, (state) => {
      const known = knownVoucher(state, voucherId, now);
      const decided = voucherScanOutcome(known, channel);
      const drafts =
        known.kind === "unknown"
          ? []
          : decided === "redeemed"
            ? [redeemDraft(program, state, known.voucher)]
            : decided === "ready"
              ? revealsOf(program, state, [known.voucher])
              : [];
      return { drafts, result: decided };
    });
    const card = cardView(session.ledger.state(program, cardId), Date.now());
    const voucher = card.vouchers.find((v) => v.id === voucherId) ?? null;
    return { kind: "voucher", program, card, voucher, outcome };
  } catch (error) {
    return { kind: "not-saved", problem: classifyStorageError(error) };
  }
}
