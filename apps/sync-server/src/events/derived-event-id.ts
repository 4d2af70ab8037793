import { createHash } from "node:crypto";
import { bytesToUuid } from "@stamp/core";

/**
 * The id of an event the server derives from what it is about (stamp-core SPEC X1, G2): a UUIDv7
 * whose time is `atMs` and whose other bits hash `about`, so every server instance making it makes
 * the very same id, and the log keeps the event once.
 */
export function derivedEventId(about: string, atMs: number): string {
  const digest = createHash("sha256").update(about).digest();
  const bytes = new Uint8Array(16);
  let ms = atMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes.set(digest.subarray(0, 10), 6);
  bytes[6] = 0x70 | ((bytes[6] as number) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  return bytesToUuid(bytes, 0);
}
