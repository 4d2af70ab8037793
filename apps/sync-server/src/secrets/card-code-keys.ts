import type { webcrypto } from "node:crypto";
import {
  type CardCodeKeyring,
  type CardCodeSigner,
  type EcJwk,
  importCardCodeKeys,
  importCardCodeSigner,
  type Jwks,
} from "@stamp/core";
import type { SecretStore } from "../storage/store";
import {
  type DatedKey,
  keyFileText,
  merchantKeyFileName,
  type StoredKeys,
} from "./merchant-key-file";
import { randomToken } from "./random-token";

/** One merchant's card-code keys as stored: the newest unretired key signs, all keys verify. */
type KeyFile = StoredKeys<StoredKey>;

interface StoredKey extends DatedKey {
  readonly jwk: EcJwk;
}

export interface MerchantKeys {
  readonly signer: CardCodeSigner;
  readonly keyring: CardCodeKeyring;
  /** Public keys only: what devices cache to verify card codes offline. */
  readonly jwks: Jwks;
}

const subtle = globalThis.crypto.subtle;

async function newKey(now: Date): Promise<StoredKey> {
  const pair = (await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ])) as webcrypto.CryptoKeyPair;
  const { kty, crv, x, y, d } = await subtle.exportKey("jwk", pair.privateKey);
  // 6 random bytes: 8 url-safe characters, well inside the 16 a card code allows.
  const kid = randomToken(6);
  return {
    kid,
    createdAt: now.toISOString(),
    retiredAt: null,
    jwk: {
      kty: kty as string,
      crv: crv as string,
      x: x as string,
      y: y as string,
      d: d as string,
      kid,
    },
  };
}

function publicJwk({ kty, crv, x, y, kid }: EcJwk): EcJwk {
  return {
    kty,
    ...(crv && { crv }),
    ...(x && { x }),
    ...(y && { y }),
    ...(kid && { kid }),
    alg: "ES256",
    use: "sig",
  };
}

/** The card-code keys' folder among the secrets: `<merchantId>.json` each. */
const CARD_CODE_SECRETS = "card-codes";
/** Where in DATA_DIR a SQLite install keeps the card-code keys. */
export const CARD_CODE_KEY_FOLDER = `secrets/${CARD_CODE_SECRETS}`;

/** A merchant's card-code keys' name among the secrets. */
export function cardCodeSecretName(merchantId: string): string {
  return merchantKeyFileName(CARD_CODE_SECRETS, merchantId);
}

/**
 * A merchant's key file as a restore writes it (card-code keys, and rotating-barcode secrets, which
 * have the same shape): every key of either file (nothing either made stops verifying), a key
 * retired in either file stays retired, oldest first — so the newest key still unretired signs,
 * as after a rotation. `current` null: the backup's file as it is.
 */
export function mergeCardCodeKeyFiles(restored: string, current: string | null): string {
  if (current === null) return restored;
  const byKid = new Map<string, StoredKey>();
  for (const key of [
    ...(JSON.parse(current) as KeyFile).keys,
    ...(JSON.parse(restored) as KeyFile).keys,
  ]) {
    const other = byKid.get(key.kid);
    const retiredAt = [other?.retiredAt, key.retiredAt].filter((at) => at != null).sort()[0];
    byKid.set(key.kid, { ...key, retiredAt: retiredAt ?? null });
  }
  const keys = [...byKid.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  return keyFileText({ keys });
}

/**
 * Per-merchant ES256 card-code keys, one key file each among the secrets (DATA_DIR/secrets/card-codes
 * on SQLite, the database on PostgreSQL). Each use checks the file's version first, so a key rotated
 * by the CLI or by another instance is used and accepted at once.
 */
export class CardCodeKeys {
  readonly #secrets: SecretStore;
  readonly #cache = new Map<string, { version: string; keys: Promise<MerchantKeys> }>();

  constructor(secrets: SecretStore) {
    this.#secrets = secrets;
  }

  #name(merchantId: string): string {
    return cardCodeSecretName(merchantId);
  }

  /** Makes the merchant's first key (a no-op when it has one). */
  async create(merchantId: string, now: Date): Promise<void> {
    await this.#secrets.readOrCreate(this.#name(merchantId), async () =>
      keyFileText({ keys: [await newKey(now)] }),
    );
  }

  /** Adds a new signing key; older keys stay in the JWKS so codes already printed keep working. */
  async rotate(merchantId: string, now: Date): Promise<string> {
    const key = await newKey(now);
    await this.#secrets.replace(this.#name(merchantId), async (text) => {
      const keys = (JSON.parse(text) as KeyFile).keys.map((k) =>
        k.retiredAt ? k : { ...k, retiredAt: now.toISOString() },
      );
      return keyFileText({ keys: [...keys, key] });
    });
    return key.kid;
  }

  async forMerchant(merchantId: string): Promise<MerchantKeys> {
    const name = this.#name(merchantId);
    const cached = this.#cache.get(merchantId);
    if (cached && cached.version === (await this.#secrets.version(name))) return cached.keys;
    const secret = await this.#secrets.read(name);
    if (!secret) throw new Error(`merchant ${merchantId} has no card-code keys`);
    const keys = this.#import(JSON.parse(secret.value) as KeyFile);
    this.#cache.set(merchantId, { version: secret.version, keys });
    return keys;
  }

  async #import(file: KeyFile): Promise<MerchantKeys> {
    const active = [...file.keys].reverse().find((k) => k.retiredAt === null);
    if (!active) throw new Error("no active card-code key");
    const jwks = { keys: file.keys.map((k) => publicJwk(k.jwk)) };
    return {
      signer: await importCardCodeSigner(active.jwk, subtle),
      keyring: await importCardCodeKeys(jwks, subtle),
      jwks,
    };
  }
}
