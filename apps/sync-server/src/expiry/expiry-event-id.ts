import { createHash } from "node:crypto";
import { bytesToUuid, type DueExpiry } from "@stamp/core";

/**
 * The id of the event an expiry is written as (stamp-core SPEC X1): a UUIDv7 whose time is when it
 * happened and whose other bits hash what it is about, so every server instance sweeping the same
 * card makes the very same id, and the log keeps the event once.
 */
export function expiryEventId(due: DueExpiry): string {
  const digest = createHash("sha256").update(`${due.type}|${due.key}`).digest();
  const bytes = new Uint8Array(16);
  let ms = due.atMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes.set(digest.subarray(0, 10), 6);
  bytes[6] = 0x70 | ((bytes[6] as number) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  return bytesToUuid(bytes, 0);
}
