import { canonicalJson, type StampEvent } from "./events";

/** A replica's log: a grow-only set of events keyed by id (SPEC M1). */
export type EventLog = ReadonlyMap<string, StampEvent>;

/**
 * Picks the copy to keep when two different events claim one id. Only a broken or forged device can
 * cause it (ids are UUIDv7); the lower canonical JSON wins so that merge stays commutative (SPEC M4).
 */
function keep(a: StampEvent, b: StampEvent): StampEvent {
  if (a === b) return a;
  const ja = canonicalJson(a);
  const jb = canonicalJson(b);
  return ja <= jb ? a : b;
}

/** Set union by id: commutative, associative, idempotent (SPEC M1–M3). */
export function mergeLogs(a: EventLog, b: EventLog): EventLog {
  const [big, small] = a.size >= b.size ? [a, b] : [b, a];
  const out = new Map(big);
  for (const [id, event] of small) {
    const existing = out.get(id);
    out.set(id, existing ? keep(existing, event) : event);
  }
  return out;
}

export function logOf(events: Iterable<StampEvent>): EventLog {
  return mergeLogs(new Map(), new Map(Array.from(events, (e) => [e.id, e] as const)));
}
