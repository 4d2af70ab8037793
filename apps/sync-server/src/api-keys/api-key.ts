import { randomUUID } from "node:crypto";
import { randomToken, sha256 } from "../secrets/random-token";
import type { Services } from "../services";

/** `sk_` tells an API key from a device token at a glance (and in the Authorization header). */
export const API_KEY_PREFIX = "sk_";

export function isApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

/** Only the SHA-256 of a key is stored: the key itself is shown once, when it is made. */
export function apiKeyHash(key: string): string {
  return sha256(key);
}

export type ApiKeyCreation =
  | { readonly ok: true; readonly id: string; readonly key: string }
  /** The merchant has MAX_ACTIVE_API_KEYS_PER_MERCHANT active keys (storage/stored-bounds). */
  | { readonly ok: false; readonly reason: "too-many-keys" };

export async function createApiKey(
  services: Pick<Services, "store" | "now">,
  merchantId: string,
  name: string,
): Promise<ApiKeyCreation> {
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  const id = randomUUID();
  const kept = await services.store.createApiKey({
    id,
    merchantId,
    name,
    prefix: key.slice(0, 10),
    hash: apiKeyHash(key),
    createdAt: services.now(),
    revokedAt: null,
  });
  return kept ? { ok: true, id, key } : { ok: false, reason: "too-many-keys" };
}
