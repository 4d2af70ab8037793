import { hlcMillis, type PlacedStamp, type StampEvent } from "@stamp/core";

/** A stored stamp's row as both adapters read it for placements. */
export interface PlacementRow {
  readonly body: string;
  readonly hlc: string;
  readonly placed_at: number | null;
  readonly received_at: number;
}

/**
 * A stored stamp as placed (stamp-core SPEC R8); one stored before placements were kept: at the
 * earlier of its own time and its arrival — never after its arrival, so a query on
 * `coalesce(placed_at, received_at) > fromMs` holds every candidate.
 */
export function storedPlacement(row: PlacementRow): PlacedStamp {
  const stamp = JSON.parse(row.body) as Extract<StampEvent, { type: "stamps.added" }>;
  return {
    ms: row.placed_at ?? Math.min(hlcMillis(row.hlc), row.received_at),
    count: stamp.count,
    channel: stamp.channel,
  };
}
