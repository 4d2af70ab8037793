import { decodeBase64url, encodeBase64url, NON_EMPTY_TEXT } from "@stamp/core";
import * as v from "valibot";

/**
 * Personal staff PINs: each staff member signs in at a till with their own PIN, offline too. The
 * server keeps an scrypt verifier of each PIN (a per-staff random salt, 16 MiB of memory per
 * guess) and hands the verifiers of a location's staff to its paired tills, which check a PIN with
 * the same scrypt. A PIN has few combinations: the verifier only makes guessing slow for someone
 * holding a device token (about 10^4–10^6 guesses at tens of milliseconds and 16 MiB each), and a
 * till locks its PIN pad after a few wrong PINs. It says who worked the till; it guards no money.
 */
export const PERSONAL_PIN = /^[0-9]{4,6}$/;

/**
 * log2 of scrypt's N for new PIN verifiers (the server's PIN_HASH_COST): 14 is N=2^14, r=8, p=1
 * (16 MiB a check). Verifiers carry their own parameters, so a cost set later applies to PINs set
 * from then on and every stored verifier keeps checking at the cost it was made with.
 */
export const DEFAULT_PIN_HASH_COST = 14;
/** The costs a new verifier may be made at: 10 (1 MiB, a few ms: tests) to 17 (128 MiB a check). */
export const PIN_HASH_COSTS = { min: 10, max: 17 } as const;
const PIN_R = 8;
const PIN_P = 1;
/** What a new verifier is made with at the default cost. */
export const PIN_SCRYPT = { N: 2 ** DEFAULT_PIN_HASH_COST, r: PIN_R, p: PIN_P } as const;
const HASH_BYTES = 32;
const SALT_BYTES = 16;

const BASE64URL = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/, "must be base64url"));
const WHOLE = (min: number, max: number) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

export const PinVerifierSchema = v.object({
  kdf: v.literal("scrypt"),
  /** Bounded, so a verifier can never ask a till for more than 128 MiB or hours of work. */
  N: v.pipe(
    WHOLE(2, 2 ** 20),
    v.check((n) => (n & (n - 1)) === 0, "must be a power of two"),
  ),
  r: WHOLE(1, 16),
  p: WHOLE(1, 4),
  salt: BASE64URL,
  hash: BASE64URL,
});

export type PinVerifier = v.InferOutput<typeof PinVerifierSchema>;

/**
 * scrypt as each side has it: the server hands in Node's `crypto.scrypt`, the till
 * `@noble/hashes`' `scryptAsync` (WebCrypto has no scrypt). Both are RFC 7914.
 */
export type Scrypt = (
  password: Uint8Array,
  salt: Uint8Array,
  params: { readonly N: number; readonly r: number; readonly p: number; readonly dkLen: number },
) => Promise<Uint8Array>;

/**
 * `salt`: 16 random bytes, handed in so tests can drive them. `cost`: log2 of scrypt's N, within
 * `PIN_HASH_COSTS`; tests make cheap verifiers, which check just the same.
 */
export async function makePinVerifier(
  pin: string,
  salt: Uint8Array,
  scrypt: Scrypt,
  cost: number = DEFAULT_PIN_HASH_COST,
): Promise<PinVerifier> {
  if (!PERSONAL_PIN.test(pin)) throw new Error("a personal PIN is 4 to 6 digits");
  if (salt.length !== SALT_BYTES) throw new Error(`a PIN salt has ${SALT_BYTES} bytes`);
  const { min, max } = PIN_HASH_COSTS;
  if (!Number.isInteger(cost) || cost < min || cost > max)
    throw new Error(`a PIN hash cost is ${min} to ${max}`);
  const params = { N: 2 ** cost, r: PIN_R, p: PIN_P };
  const hash = await scrypt(new TextEncoder().encode(pin), salt, { ...params, dkLen: HASH_BYTES });
  return { kdf: "scrypt", ...params, salt: encodeBase64url(salt), hash: encodeBase64url(hash) };
}

/** Whether `pin` is the one `verifier` was made from (compared in constant time). */
export async function checkPinVerifier(
  pin: string,
  verifier: PinVerifier,
  scrypt: Scrypt,
): Promise<boolean> {
  const salt = decodeBase64url(verifier.salt);
  const expected = decodeBase64url(verifier.hash);
  if (!salt || !expected || expected.length === 0 || !PERSONAL_PIN.test(pin)) return false;
  const { N, r, p } = verifier;
  const actual = await scrypt(new TextEncoder().encode(pin), salt, {
    N,
    r,
    p,
    dkLen: expected.length,
  });
  if (actual.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= (actual[i] as number) ^ (expected[i] as number);
  return diff === 0;
}

/** One staff member a till can sign in: who, and the verifier of their PIN. */
export const TillStaffSchema = v.object({
  id: v.string(),
  name: NON_EMPTY_TEXT(80),
  pin: PinVerifierSchema,
});

export type TillStaff = v.InferOutput<typeof TillStaffSchema>;

export const IDLE_MINUTES = { min: 1, max: 240, default: 5 } as const;

/** The location's setting: whether its tills need a staff sign-in, and when one ends unused. */
export const StaffSignInSchema = v.object({
  required: v.boolean(),
  /** A Staff Scanner untouched this long signs its staff member out (Kiosk and Autopilot never). */
  idleMinutes: WHOLE(IDLE_MINUTES.min, IDLE_MINUTES.max),
});

export type StaffSignIn = v.InferOutput<typeof StaffSignInSchema>;

export const NO_STAFF_SIGN_IN: StaffSignIn = { required: false, idleMinutes: IDLE_MINUTES.default };
