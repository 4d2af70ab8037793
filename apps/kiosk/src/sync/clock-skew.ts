import { isSkewed } from "@stamp/core";

/**
 * Server clock minus ours, taking the request's midpoint as the moment the server answered so a
 * slow network does not read as skew.
 */
export function measureSkew(serverMs: number, sentAtMs: number, receivedAtMs: number): number {
  return Math.round(serverMs - (sentAtMs + receivedAtMs) / 2);
}

/** Only worth a warning (never a refusal) when beyond stamp-core's tolerance. */
export function skewWarning(skewMs: number | null): boolean {
  return skewMs !== null && isSkewed(skewMs);
}
