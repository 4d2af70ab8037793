import type { DueExpiry } from "@stamp/core";
import { derivedEventId } from "../events/derived-event-id";

/**
 * The id of the event an expiry is written as (stamp-core SPEC X1): derived from what expires and
 * when, so every server instance sweeping the same card makes the very same id.
 */
export function expiryEventId(due: DueExpiry): string {
  return derivedEventId(`${due.type}|${due.key}`, due.atMs);
}
