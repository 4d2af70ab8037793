// Signing keys for tests of signed codes (node's WebCrypto).
import { webcrypto } from "node:crypto";
import {
  type CardCodeKeyring,
  type CardCodeSigner,
  importCardCodeKeys,
  importCardCodeSigner,
} from "../card-code";
import type { EcJwk, SubtleLike } from "../webcrypto";

export const nodeSubtle = webcrypto.subtle as unknown as SubtleLike;

export interface TestCodeKey {
  readonly signer: CardCodeSigner;
  readonly jwk: EcJwk;
}

export async function newCodeKey(kid: string): Promise<TestCodeKey> {
  const pair = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]);
  const jwk = { ...(await webcrypto.subtle.exportKey("jwk", pair.privateKey)), kid } as EcJwk;
  return { signer: await importCardCodeSigner(jwk, nodeSubtle), jwk };
}

/** The public keyring a device would import from these keys' JWKS. */
export function keyringOf(...keys: TestCodeKey[]): Promise<CardCodeKeyring> {
  return importCardCodeKeys(
    { keys: keys.map(({ jwk: { d: _private, ...pub } }) => pub) },
    nodeSubtle,
  );
}
