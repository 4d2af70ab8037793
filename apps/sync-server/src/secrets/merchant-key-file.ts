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
