/**
 * The slice of WebCrypto that card codes need. Callers hand in `globalThis.crypto.subtle` (browser
 * or Node), so the domain touches no platform global itself.
 */
export interface EcJwk {
  kty: string;
  crv?: string;
  x?: string;
  y?: string;
  d?: string;
  kid?: string;
  alg?: string;
  use?: string;
}

/** An imported key; opaque to the domain (a CryptoKey in practice). */
export type OpaqueKey = object;

export interface SubtleLike {
  importKey(
    format: "jwk",
    keyData: EcJwk,
    algorithm: { name: "ECDSA"; namedCurve: "P-256" },
    extractable: boolean,
    keyUsages: ("sign" | "verify")[],
  ): Promise<OpaqueKey>;
  sign(
    algorithm: { name: "ECDSA"; hash: "SHA-256" },
    key: OpaqueKey,
    data: Uint8Array,
  ): Promise<ArrayBuffer>;
  verify(
    algorithm: { name: "ECDSA"; hash: "SHA-256" },
    key: OpaqueKey,
    signature: Uint8Array,
    data: Uint8Array,
  ): Promise<boolean>;
}
