import { createHash } from "node:crypto";

/**
 * A UUID (version-4 layout) drawn from the merchant and a key: every server instance that makes the
 * same thing (a retried campaign request, an automation's run, a fraud flag) makes the same id, so
 * the database keeps it once.
 */
export function merchantDerivedId(merchantId: string, key: string): string {
  const hex = createHash("sha256").update(`${merchantId}\n${key}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
