import type { CardCodeKeyring, CardCodeSigner } from "./card-code";
import {
  type CompactCodeError,
  type CompactCodeKind,
  looksLikeCompactCode,
  signCompactCode,
  verifyCompactCode,
  withIdPrefix,
} from "./signed-code";
import { bytesToHex, bytesToUuid, uuidToBytes } from "./uuid-bytes";
import { parseVoucherId, voucherIdFor } from "./voucher-id";
import type { SubtleLike } from "./webcrypto";

/**
 * A voucher's own signed code, scanned at the till to redeem a staff-scan voucher (SPEC S6):
 * payload = cardId (16 bytes) ‖ the program id's first 4 bytes ‖ the cycle (uint32, big-endian).
 * 145 characters: a QR code of 41×41 modules at error correction M.
 */
export const VOUCHER_SCAN_CODE: CompactCodeKind = { prefix: "V1", payloadLength: 24 };

export interface VoucherScanClaims {
  readonly voucherId: string;
  readonly cardId: string;
  readonly cycle: number;
  /** The first 8 hex digits of the card's program id (see `programOfScan`). */
  readonly programPrefix: string;
}

export type VoucherScanResult =
  | { readonly ok: true; readonly claims: VoucherScanClaims; readonly kid: string }
  | { readonly ok: false; readonly error: CompactCodeError };

export function isVoucherScanCode(text: string): boolean {
  return looksLikeCompactCode(VOUCHER_SCAN_CODE, text);
}

export function signVoucherScanCode(
  voucher: { readonly voucherId: string; readonly programId: string },
  signer: CardCodeSigner,
  subtle: SubtleLike,
): Promise<string> {
  const parsed = parseVoucherId(voucher.voucherId);
  if (!parsed) throw new Error(`not a voucher id: ${voucher.voucherId}`);
  const payload = new Uint8Array(VOUCHER_SCAN_CODE.payloadLength);
  uuidToBytes(parsed.cardId, payload, 0);
  const program = new Uint8Array(16);
  uuidToBytes(voucher.programId, program, 0);
  payload.set(program.subarray(0, 4), 16);
  new DataView(payload.buffer).setUint32(20, parsed.cycle);
  return signCompactCode(VOUCHER_SCAN_CODE, payload, signer, subtle);
}

export async function verifyVoucherScanCode(
  text: string,
  keyring: CardCodeKeyring,
  subtle: SubtleLike,
): Promise<VoucherScanResult> {
  const result = await verifyCompactCode(VOUCHER_SCAN_CODE, text, keyring, subtle);
  if (!result.ok) return result;
  const { payload, kid } = result;
  const cardId = bytesToUuid(payload, 0);
  const cycle = new DataView(payload.buffer, payload.byteOffset).getUint32(20);
  if (cycle < 1 || cycle > 999_999_999)
    return { ok: false, error: { code: "malformed", message: "bad cycle" } };
  const programPrefix = bytesToHex(payload.subarray(16, 20));
  return {
    ok: true,
    kid,
    claims: { voucherId: voucherIdFor(cardId, cycle), cardId, cycle, programPrefix },
  };
}

/** The program a verified scan names, among the programs this device knows. */
export function programOfScan<P extends { readonly id: string }>(
  claims: VoucherScanClaims,
  programs: Iterable<P>,
): P | undefined {
  return withIdPrefix(claims.programPrefix, programs);
}
