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

export async function createApiKey(
  services: Pick<Services, "store" | "now">,
  merchantId: string,
  name: string,
): Promise<{ id: string; key: string }> {
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  const id = randomUUID();
  await services.store.createApiKey({
    id,
    merchantId,
    name,
    prefix: key.slice(0, 10),
    hash: apiKeyHash(key),
    createdAt: services.now(),
    revokedAt: null,
  });
  return { id, key };
}
