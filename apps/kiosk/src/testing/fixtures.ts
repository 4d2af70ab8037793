// Test builders: a program, a signing key and events, made with stamp-core's own functions.

import {
  EVENT_VERSION,
  formatHlc,
  importCardCodeKeys,
  type Program,
  type StampEvent,
  type SubtleLike,
  signCardCode,
  signCardScanCode,
} from "@stamp/core";
import { DEVICE, MERCHANT, PROGRAM } from "@stamp/core/testing";
import type { CardVerifier } from "../cards/card-check";

// The program, ids and clock of stamp-core's own tests, so both suites speak about the same card.
export { DEVICE, MERCHANT, makeProgram, PROGRAM, T0 } from "@stamp/core/testing";
export const OTHER_DEVICE = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c05";
export const CARD = "c0000000-0000-4000-8000-000000000001";

export const subtle = globalThis.crypto.subtle as unknown as SubtleLike;

let sequence = 0;

/** A stamps.added event at `ms`, with an id that sorts in creation order. */
export function stampEvent(ms: number, over: Partial<StampEvent> = {}): StampEvent {
  sequence += 1;
  return {
    id: `01900000-0000-7000-8000-${sequence.toString(16).padStart(12, "0")}`,
    v: EVENT_VERSION,
    hlc: formatHlc({ millis: ms, counter: 0, node: "8c2d1e0f9a8b7c04" }),
    deviceId: DEVICE,
    merchantId: MERCHANT,
    programId: PROGRAM,
    cardId: CARD,
    type: "stamps.added",
    count: 1,
    channel: "staff",
    ...over,
  } as StampEvent;
}

export interface TestKeys {
  readonly kid: string;
  readonly jwk: JsonWebKey & { kid: string };
  readonly sign: (claims: {
    cardId: string;
    programId: string;
    merchantId: string;
  }) => Promise<string>;
  /** The same claims as a compact `C1…` code (stamp-core SPEC K7). */
  readonly signScan: (claims: {
    cardId: string;
    programId: string;
    merchantId: string;
  }) => Promise<string>;
}

/** A fresh P-256 key pair standing in for a merchant's card-code key. */
export async function makeKeys(kid = "k1"): Promise<TestKeys> {
  const pair = (await globalThis.crypto.subtle.generateKey(
    { name: "ECDSA", namedCurve: "P-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const jwk = { ...(await globalThis.crypto.subtle.exportKey("jwk", pair.publicKey)), kid };
  return {
    kid,
    jwk,
    sign: (claims) => signCardCode(claims, { kid, privateKey: pair.privateKey }, subtle),
    signScan: (claims) => signCardScanCode(claims, { kid, privateKey: pair.privateKey }, subtle),
  };
}

/** What a till of MERCHANT that knows `programs` verifies card codes with, over these keys. */
export async function makeVerifier(
  keys: TestKeys,
  programs: readonly Program[],
): Promise<CardVerifier> {
  return {
    keyring: await importCardCodeKeys({ keys: [{ ...keys.jwk, kty: "EC" }] }, subtle),
    merchantId: MERCHANT,
    programs: new Map(programs.map((program) => [program.id, program])),
    subtle,
    rotatingSecrets: [],
  };
}
