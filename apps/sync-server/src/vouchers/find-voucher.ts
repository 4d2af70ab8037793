import {
  type CompactCodeError,
  isVoucherScanCode,
  type Program,
  type Voucher,
  verifyVoucherScanCode,
  voucherNumbered,
  voucherStatusAt,
} from "@stamp/core";
import { findCard } from "../cards/card-reference";
import { type Problem, problem } from "../http/api-error";
import type { Services } from "../services";
import type { CardRecord } from "../storage/store";

/** A voucher named by its signed scan code or its redeem code, with its card and program. */
export type VoucherLookup =
  | {
      readonly ok: true;
      readonly card: CardRecord;
      readonly program: Program;
      readonly voucher: Voucher;
    }
  | { readonly ok: false; readonly problem: Problem };

/** More cards than this sharing one code means a fixed code: the caller must name the card. */
const CANDIDATES = 50;

function scanCodeMessage(error: CompactCodeError): string {
  switch (error.code) {
    case "malformed":
      return `not a valid voucher code: ${error.message}`;
    case "unknown-key":
      return "the voucher code is signed with a key this merchant does not have";
    case "bad-signature":
      return "the voucher code's signature does not match: it is forged or damaged";
    default: {
      const unreachable: never = error;
      throw new Error(`unknown voucher-code error ${JSON.stringify(unreachable)}`);
    }
  }
}

const notFound = (): VoucherLookup => ({
  ok: false,
  problem: problem("voucher-not-found", "no voucher has this code"),
});

async function withProgram(
  services: Services,
  card: CardRecord,
  voucher: Voucher | undefined,
): Promise<VoucherLookup> {
  if (!voucher) return notFound();
  const record = await services.store.getProgram(card.merchantId, card.programId);
  if (!record) throw new Error(`card ${card.id} has lost its program`);
  return { ok: true, card, program: record.program, voucher };
}

/**
 * Of one card's vouchers with the same redeem code (a fixed code is on every voucher of its
 * program): the oldest usable one, else the newest, so a refusal can say what happened to it.
 */
function pick(vouchers: readonly Voucher[], nowMs: number): Voucher | undefined {
  return (
    vouchers.find((v) => voucherStatusAt(v, nowMs) === "issued") ??
    vouchers.filter((v) => v.status !== "withdrawn").at(-1) ??
    vouchers.at(-1)
  );
}

/**
 * Finds the voucher a POS or an admin means: a signed scan code (stamp-core SPEC S6) names it
 * exactly; a redeem code (R5) is looked up, and a code shared by several cards needs `cardReference`.
 */
export async function findVoucher(
  services: Services,
  merchantId: string,
  code: string,
  cardReference?: string,
): Promise<VoucherLookup> {
  const text = code.trim();
  if (isVoucherScanCode(text)) {
    const keys = await services.cardKeys.forMerchant(merchantId);
    const verified = await verifyVoucherScanCode(text, keys.keyring, globalThis.crypto.subtle);
    if (!verified.ok)
      return {
        ok: false,
        problem: problem("invalid-voucher-code", scanCodeMessage(verified.error)),
      };
    const card = await services.store.getCard(merchantId, verified.claims.cardId);
    if (!card) return notFound();
    return withProgram(services, card, voucherNumbered(card.state, verified.claims.cycle));
  }
  let refs = await services.store.findVoucherCode(merchantId, text, CANDIDATES + 1);
  // Generated codes are upper case; a POS keyboard may not be.
  if (refs.length === 0 && text !== text.toUpperCase())
    refs = await services.store.findVoucherCode(merchantId, text.toUpperCase(), CANDIDATES + 1);
  if (cardReference !== undefined) {
    const found = await findCard(services, merchantId, cardReference);
    if (!found.ok)
      return {
        ok: false,
        problem:
          found.reason === "not-found"
            ? problem("card-not-found", "no such card")
            : problem(found.problem, found.message),
      };
    refs = refs.filter((ref) => ref.cardId === found.card.id);
  }
  const cardIds = new Set(refs.map((ref) => ref.cardId));
  if (cardIds.size === 0) return notFound();
  if (cardIds.size > 1)
    return {
      ok: false,
      problem: problem(
        "card-required",
        "several customers hold a voucher with this code: send the card too",
      ),
    };
  const card = await services.store.getCard(merchantId, [...cardIds][0] as string);
  if (!card) return notFound();
  const vouchers = refs.flatMap((ref) => voucherNumbered(card.state, ref.cycle) ?? []);
  return withProgram(services, card, pick(vouchers, services.now()));
}
