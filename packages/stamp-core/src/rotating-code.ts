import { hmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { Secret, TOTP } from "otpauth";
import { utf8 } from "./base64url";

/**
 * Google Wallet's rotating barcode (SPEC K9–K11): the card's scan code, then `.T` and a TOTP value
 * (RFC 6238, HMAC-SHA1, 8 digits, a new value every 30 s) that the phone computes from a key only
 * the card's merchant can derive. A screenshot stops working once its value is more than a period old.
 */
export const ROTATING_CODE = {
  periodSeconds: 30,
  digits: 8,
  /** Values one period either side of the reader's clock still count (phone and till clocks differ). */
  skewPeriods: 1,
} as const;

const SEPARATOR = ".T";
/** Google's template field for the current TOTP value in a rotating barcode's `valuePattern`. */
export const TOTP_VALUE_FIELD = "{totp_value_0}";
const ROTATING = new RegExp(`^(.+)\\.T(\\d{${ROTATING_CODE.digits}})$`, "i");

/** What Google puts in the barcode: Google substitutes `{totp_value_0}` on the phone. */
export function rotatingValuePattern(scanCode: string): string {
  return `${scanCode}${SEPARATOR}${TOTP_VALUE_FIELD}`;
}

/** The scan code and TOTP value of a rotating barcode, or null for any other text. */
export function splitRotatingCode(
  text: string,
): { readonly code: string; readonly totp: string } | null {
  const match = ROTATING.exec(text.trim());
  if (!match) return null;
  return { code: match[1] as string, totp: match[2] as string };
}

/**
 * The TOTP key of one card: HMAC-SHA256(merchant secret, "stamp-rotating|" + cardId), first 20
 * bytes (RFC 4226's recommended key length). A till holding its merchant's secret derives any of
 * the merchant's cards' keys offline, and no other merchant's.
 */
export function rotatingCardKey(merchantSecret: Uint8Array, cardId: string): Uint8Array {
  if (merchantSecret.length < 16) throw new Error("rotating-barcode secret is too short");
  return hmac(sha256, merchantSecret, utf8(`stamp-rotating|${cardId.toLowerCase()}`)).slice(0, 20);
}

/** Uses the same pure HMAC on the server and the till (otpauth would pick node:crypto on Node). */
function sha1Hmac(algorithm: string, key: Uint8Array, message: Uint8Array): Uint8Array {
  if (algorithm !== "SHA1") throw new Error(`unexpected TOTP algorithm ${algorithm}`);
  return hmac(sha1, key, message);
}

const totpOptions = (key: Uint8Array, nowMs: number) => ({
  secret: new Secret({ buffer: key.slice().buffer }),
  algorithm: "SHA1",
  digits: ROTATING_CODE.digits,
  period: ROTATING_CODE.periodSeconds,
  timestamp: nowMs,
  hmac: sha1Hmac,
});

/** The value a phone shows at `nowMs` (what Google computes; used by tests and benches). */
export function rotatingTotp(key: Uint8Array, nowMs: number): string {
  return TOTP.generate(totpOptions(key, nowMs));
}

/** Whether `totp` is the card's value at `nowMs`, one period either way (K11). */
export function isFreshTotp(key: Uint8Array, totp: string, nowMs: number): boolean {
  // The values of the reader's period and those either side, each one compared (no early exit).
  const period = ROTATING_CODE.periodSeconds * 1000;
  let fresh = false;
  for (let step = -ROTATING_CODE.skewPeriods; step <= ROTATING_CODE.skewPeriods; step++)
    if (rotatingTotp(key, nowMs + step * period) === totp) fresh = true;
  return fresh;
}

/**
 * Whether `totp` is fresh (K11) under the card's key derived from any of the merchant's secrets a
 * reader still accepts: the current one and those rotated out within their grace period (K10).
 */
export function isFreshRotatingValue(
  merchantSecrets: readonly Uint8Array[],
  cardId: string,
  totp: string,
  nowMs: number,
): boolean {
  return merchantSecrets.some((secret) =>
    isFreshTotp(rotatingCardKey(secret, cardId), totp, nowMs),
  );
}

/** Base16, as Google's `TotpParameters.key` wants it. */
export function hexKey(key: Uint8Array): string {
  return Array.from(key, (b) => b.toString(16).padStart(2, "0")).join("");
}
