import type { webcrypto } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  type CardCodeKeyring,
  type CardCodeSigner,
  type EcJwk,
  importCardCodeKeys,
  importCardCodeSigner,
  type Jwks,
} from "@stamp/core";
import { randomToken } from "./random-token";
import { readOrCreateSecret, replaceSecret } from "./secret-file";

/** One merchant's card-code keys as stored: the newest unretired key signs, all keys verify. */
interface KeyFile {
  readonly keys: readonly StoredKey[];
}

interface StoredKey {
  readonly kid: string;
  readonly createdAt: string;
  readonly retiredAt: string | null;
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

/** Where in DATA_DIR the card-code keys live: `<merchantId>.json` each. */
export const CARD_CODE_KEY_FOLDER = "secrets/card-codes";

/**
 * A merchant's key file as a restore writes it: every key of either file (no code either signed
 * stops verifying), a key retired in either file stays retired, oldest first — so the newest key
 * still unretired signs, as after a rotation. `current` null: the backup's file as it is.
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
  return `${JSON.stringify({ keys }, null, 2)}\n`;
}

/**
 * Per-merchant ES256 card-code keys, one JSON file each under DATA_DIR/secrets/card-codes. Files are
 * re-read when they change, so a key rotated by the CLI reaches a running server.
 */
export class CardCodeKeys {
  readonly #dir: string;
  readonly #cache = new Map<string, { mtimeMs: number; keys: Promise<MerchantKeys> }>();

  constructor(dataDir: string) {
    this.#dir = join(dataDir, CARD_CODE_KEY_FOLDER);
  }

  #file(merchantId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(merchantId)) throw new Error(`bad merchant id ${merchantId}`);
    return join(this.#dir, `${merchantId}.json`);
  }

  /** Makes the merchant's first key (a no-op when it has one). */
  async create(merchantId: string, now: Date): Promise<void> {
    const first: KeyFile = { keys: [await newKey(now)] };
    readOrCreateSecret(this.#file(merchantId), () => `${JSON.stringify(first, null, 2)}\n`);
  }

  /** Adds a new signing key; older keys stay in the JWKS so codes already printed keep working. */
  async rotate(merchantId: string, now: Date): Promise<string> {
    const file = this.#file(merchantId);
    const current = this.#read(file);
    const key = await newKey(now);
    const keys = current.keys.map((k) =>
      k.retiredAt ? k : { ...k, retiredAt: now.toISOString() },
    );
    replaceSecret(file, `${JSON.stringify({ keys: [...keys, key] }, null, 2)}\n`);
    return key.kid;
  }

  forMerchant(merchantId: string): Promise<MerchantKeys> {
    const file = this.#file(merchantId);
    const mtimeMs = statSync(file).mtimeMs;
    const cached = this.#cache.get(merchantId);
    if (cached && cached.mtimeMs === mtimeMs) return cached.keys;
    const keys = this.#import(this.#read(file));
    this.#cache.set(merchantId, { mtimeMs, keys });
    return keys;
  }

  #read(file: string): KeyFile {
    return JSON.parse(readFileSync(file, "utf8")) as KeyFile;
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
