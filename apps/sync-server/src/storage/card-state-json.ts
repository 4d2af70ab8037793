import type { CardState } from "@stamp/core";

/**
 * CardState keeps some indexes as Maps (fast in the fold, but invisible to JSON). Stored as JSON,
 * a top-level Map becomes `{"$map": [[key, value], …]}` and comes back as a Map.
 */
export function encodeCardState(state: CardState): string {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state))
    out[key] = value instanceof Map ? { $map: [...value] } : value;
  return JSON.stringify(out);
}

export function decodeCardState(text: string): CardState {
  const record = JSON.parse(text) as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (value !== null && typeof value === "object" && "$map" in value)
      record[key] = new Map((value as { $map: [unknown, unknown][] }).$map);
  }
  return record as unknown as CardState;
}
