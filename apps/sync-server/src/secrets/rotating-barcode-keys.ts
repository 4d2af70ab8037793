import type { SecretStore } from "../storage/store";
import {
  type DatedKey,
  keyFileText,
  merchantKeyFileName,
  type StoredKeys,
} from "./merchant-key-file";
import { randomToken } from "./random-token";

/** One merchant's rotating-barcode secrets as stored: the newest unretired one is current. */
type KeyFile = StoredKeys<StoredKey>;

interface StoredKey extends DatedKey {
  /** 32 random bytes, base64url. */
  readonly secret: string;
}

/** A secret tills and the server accept (stamp-core SPEC K10), as the device config carries it. */
export interface RotatingSecret {
  readonly kid: string;
  readonly secret: Uint8Array;
}

export interface MerchantRotatingSecrets {
  /** What the merchant's Google cards are issued with now. */
  readonly current: RotatingSecret;
  /** The current secret and those rotated out less than ROTATED_SECRET_GRACE_MS ago. */
  readonly accepted: readonly RotatingSecret[];
}

/**
 * How long a rotated-out secret still verifies: long enough for every Google object to be patched
 * with the new one (the push worker retries for hours) and every till to fetch it (hourly).
 */
export const ROTATED_SECRET_GRACE_MS = 7 * 24 * 3600_000;

const ROTATING_BARCODE_SECRETS = "rotating-barcodes";
/** Where in DATA_DIR a SQLite install keeps them (backups merge them like card-code keys). */
export const ROTATING_BARCODE_KEY_FOLDER = `secrets/${ROTATING_BARCODE_SECRETS}`;

/** A merchant's rotating-barcode secrets' name among the secrets. */
export function rotatingBarcodeSecretName(merchantId: string): string {
  return merchantKeyFileName(ROTATING_BARCODE_SECRETS, merchantId);
}

function newKey(now: Date): StoredKey {
  return {
    kid: randomToken(6),
    createdAt: now.toISOString(),
    retiredAt: null,
    secret: randomToken(32),
  };
}

const stillAccepted = (key: StoredKey, nowMs: number) =>
  key.retiredAt === null || Date.parse(key.retiredAt) + ROTATED_SECRET_GRACE_MS > nowMs;

const decoded = (key: StoredKey): RotatingSecret => ({
  kid: key.kid,
  secret: new Uint8Array(Buffer.from(key.secret, "base64url")),
});

/**
 * Each merchant's secrets for Google's rotating barcode (stamp-core SPEC K10), one file each among
 * the secrets (DATA_DIR/secrets/rotating-barcodes on SQLite, sealed in the database on
 * PostgreSQL). A merchant's first secret is made on first use; each use checks the file's version,
 * so a rotation by the CLI or another instance is seen at once.
 */
export class RotatingBarcodeKeys {
  readonly #secrets: SecretStore;
  readonly #cache = new Map<string, { version: string; file: KeyFile }>();

  constructor(secrets: SecretStore) {
    this.#secrets = secrets;
  }

  async #file(merchantId: string): Promise<KeyFile> {
    const name = rotatingBarcodeSecretName(merchantId);
    const cached = this.#cache.get(merchantId);
    const version = await this.#secrets.version(name);
    if (cached && cached.version === version) return cached.file;
    if (version === null)
      await this.#secrets.readOrCreate(name, async () =>
        keyFileText({ keys: [newKey(new Date())] }),
      );
    const secret = await this.#secrets.read(name);
    if (!secret) throw new Error(`merchant ${merchantId} has no rotating-barcode secret`);
    const file = JSON.parse(secret.value) as KeyFile;
    this.#cache.set(merchantId, { version: secret.version, file });
    return file;
  }

  async forMerchant(merchantId: string, nowMs: number): Promise<MerchantRotatingSecrets> {
    const { keys } = await this.#file(merchantId);
    const current = [...keys].reverse().find((k) => k.retiredAt === null);
    if (!current) throw new Error("no current rotating-barcode secret");
    const accepted = keys.filter((k) => stillAccepted(k, nowMs));
    // The current secret first: it is the one a fresh card's value is most likely made with.
    return {
      current: decoded(current),
      accepted: [current, ...accepted.filter((k) => k !== current)].map(decoded),
    };
  }

  /**
   * A new current secret; the old ones verify for ROTATED_SECRET_GRACE_MS more, and secrets past it
   * are dropped. The caller re-issues the merchant's passes so Google gets the new one.
   */
  async rotate(merchantId: string, now: Date): Promise<string> {
    await this.#file(merchantId);
    const key = newKey(now);
    await this.#secrets.replace(rotatingBarcodeSecretName(merchantId), async (text) => {
      const kept = (JSON.parse(text) as KeyFile).keys
        .filter((k) => stillAccepted(k, now.getTime()))
        .map((k) => (k.retiredAt ? k : { ...k, retiredAt: now.toISOString() }));
      return keyFileText({ keys: [...kept, key] });
    });
    return key.kid;
  }
}
