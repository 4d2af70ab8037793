import {
  type Arrival,
  type CardState,
  CompactReplica,
  type Program,
  type StampEvent,
} from "@stamp/core";

/** An event the till holds, and what it knows of when the server stored it (SPEC CS3). */
export interface HeldEvent {
  readonly event: StampEvent;
  readonly arrival: Arrival;
}

/**
 * What the till holds of one card (stamp-core SPEC CS1): the compact snapshot the server sent, if
 * any, and the events it holds beside it. A card from before protocol 5 has no snapshot and all
 * its events: its whole history.
 */
export interface CardRecord {
  readonly cardId: string;
  readonly snapshot: { readonly at: number; readonly snapshot: CardState | null } | null;
  readonly held: readonly HeldEvent[];
}

/**
 * A card's record as read, and the generation `CardLedger.begin` gave inside the read's
 * transaction before its first request: a read of a higher generation saw at least as much.
 */
export interface RecordRead {
  readonly record: CardRecord;
  readonly generation: number;
}

/** The record with events that arrived after it was read. */
export function withHeld(record: CardRecord, more: readonly HeldEvent[]): CardRecord {
  return more.length === 0 ? record : { ...record, held: [...record.held, ...more] };
}

/** The record less what names a program this till was not told about yet (kept, not folded). */
export function ofKnownPrograms(
  record: CardRecord,
  known: (programId: string) => boolean,
): CardRecord {
  const snapshot = record.snapshot?.snapshot;
  return {
    cardId: record.cardId,
    snapshot: snapshot && !known(snapshot.programId) ? null : record.snapshot,
    held: record.held.filter((h) => known(h.event.programId)),
  };
}

function arrivalKey(arrival: Arrival): string {
  return arrival.kind === "stored" ? `stored:${arrival.by}` : arrival.kind;
}

/** Hands a record to a compact replica: the snapshot, then its events by how they arrived. */
export function seedRecord(replica: CompactReplica, record: CardRecord): void {
  if (record.snapshot) replica.seed({ cardId: record.cardId, ...record.snapshot, tail: [] });
  const groups = new Map<string, { arrival: Arrival; events: StampEvent[] }>();
  for (const { event, arrival } of record.held) {
    const key = arrivalKey(arrival);
    const group = groups.get(key) ?? { arrival, events: [] };
    group.events.push(event);
    groups.set(key, group);
  }
  for (const { arrival, events } of groups.values()) replica.ingest(events, arrival);
}

export interface RecordFold {
  /** Null when the till holds nothing of the card that it can fold. */
  readonly state: CardState | null;
  /** The card may lack an event the till holds: fetch it again once online (SPEC CS5). */
  readonly doubtful: boolean;
}

/** A replica holding one card's record: its state, doubt and events (SPEC CS1–CS5). */
export function replicaOf(
  programs: (programId: string) => Program | undefined,
  record: CardRecord,
): CompactReplica {
  const replica = new CompactReplica(programs);
  seedRecord(replica, record);
  return replica;
}

/** A card's state from its record, folded by stamp-core's `CompactReplica` (SPEC CS1–CS5). */
export function foldRecord(
  programs: (programId: string) => Program | undefined,
  record: CardRecord,
): RecordFold {
  const replica = replicaOf(programs, record);
  return {
    state: replica.state(record.cardId) ?? null,
    doubtful: replica.doubtful(record.cardId),
  };
}
