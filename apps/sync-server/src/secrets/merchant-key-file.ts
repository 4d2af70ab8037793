import type { SecretStore } from "../storage/store";

/**
 * A merchant's keys as stored (card-code keys, rotating-barcode secrets), oldest first: the newest
 * unretired key is the one in use, the others still verify.
 */
export interface StoredKeys<Key extends DatedKey> {
  readonly keys: readonly Key[];
}

export interface DatedKey {
  readonly kid: string;
  readonly createdAt: string;
  readonly retiredAt: string | null;
}

/**
 * A merchant's key file's name among the secrets: `<folder>/<merchantId>.json` (card-code keys,
 * rotating-barcode secrets).
 */
export function merchantKeyFileName(folder: string, merchantId: string): string {
  if (!/^[0-9a-f-]{36}$/.test(merchantId)) throw new Error(`bad merchant id ${merchantId}`);
  return `${folder}/${merchantId}.json`;
}

/** A key file as stored: `{keys: [...]}`, pretty-printed, so an operator can read which is which. */
export const keyFileText = (file: StoredKeys<DatedKey>) => `${JSON.stringify(file, null, 2)}\n`;

/**
 * One kind of per-merchant key file among the secrets (DATA_DIR/secrets/<folder> on SQLite, sealed
 * in the database on PostgreSQL), read through a cache that checks the file's version on every use,
 * so a key rotated by the CLI or by another instance is used and accepted at once.
 */
export class MerchantKeyFiles<Key extends DatedKey, Keys> {
  readonly #secrets: SecretStore;
  readonly #folder: string;
  readonly #use: (file: StoredKeys<Key>) => Keys;
  readonly #cache = new Map<string, { version: string; keys: Keys }>();

  /** `use` turns a file into what callers work with (imported keys); it runs once per version. */
  constructor(secrets: SecretStore, folder: string, use: (file: StoredKeys<Key>) => Keys) {
    this.#secrets = secrets;
    this.#folder = folder;
    this.#use = use;
  }

  name(merchantId: string): string {
    return merchantKeyFileName(this.#folder, merchantId);
  }

  /** Writes the merchant's first file with `first` (a no-op when it has one). */
  async create(merchantId: string, first: () => Promise<Key>): Promise<void> {
    await this.#secrets.readOrCreate(this.name(merchantId), async () =>
      keyFileText({ keys: [await first()] }),
    );
  }

  /** The merchant's keys; with `first`, a merchant without a file gets one made with it. */
  async read(merchantId: string, first?: () => Promise<Key>): Promise<Keys> {
    const name = this.name(merchantId);
    const cached = this.#cache.get(merchantId);
    const version = await this.#secrets.version(name);
    if (cached && cached.version === version) return cached.keys;
    if (version === null && first) await this.create(merchantId, first);
    const secret = await this.#secrets.read(name);
    if (!secret) throw new Error(`merchant ${merchantId} has no ${this.#folder} keys`);
    const keys = this.#use(JSON.parse(secret.value) as StoredKeys<Key>);
    this.#cache.set(merchantId, { version: secret.version, keys });
    return keys;
  }

  /**
   * Appends `key` as the one in use: the keys `kept` keeps stay (retired now if they were not),
   * the others are dropped.
   */
  async rotate(merchantId: string, key: Key, now: Date, kept: (key: Key) => boolean) {
    await this.#secrets.replace(this.name(merchantId), async (text) => {
      const keys = (JSON.parse(text) as StoredKeys<Key>).keys
        .filter(kept)
        .map((k) => (k.retiredAt ? k : { ...k, retiredAt: now.toISOString() }));
      return keyFileText({ keys: [...keys, key] });
    });
  }
}
