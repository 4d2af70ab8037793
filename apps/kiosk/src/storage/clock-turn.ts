import type { HlcClock } from "@stamp/core";
import { type DeviceClock, isLater } from "../app/device-clock";
import type { MetaRow, StampDb } from "./db";
import type { LoggedWrite } from "./log-writes";

/** A write's number (`LogWrites`): one past the log's count; and the last writes before it. */
export interface Turn {
  readonly write: number;
  readonly recent: readonly LoggedWrite[];
}

/** The turn a clock row gives the next write. */
export function turnOf(row: MetaRow | undefined): Turn {
  if (row?.key !== "clock") return { write: 1, recent: [] };
  return { write: (row.writes ?? 0) + 1, recent: row.recent ?? [] };
}

/**
 * Reads the clock as the log stored it, in the writing transaction: another tab of this device may
 * have written events since this tab's clock last moved, and this tab's must sort after them (the
 * stored clock never goes back).
 */
export async function takeTurn(db: StampDb, clock: DeviceClock): Promise<Turn> {
  const row = await db.meta.get("clock");
  if (row?.key === "clock") clock.catchUp(row.value);
  return turnOf(row);
}

/**
 * Whether a write that expected the turn `seen` and stamped its events from the clock `from` may
 * commit beside this clock row: read first, it would have taken the same turn and moved nothing
 * (no tab wrote or stored a later clock since).
 */
export function stillSeen(row: MetaRow | undefined, seen: Turn, from: HlcClock): boolean {
  if (row?.key === "clock" && isLater(row.value, from)) return false;
  const { write, recent } = turnOf(row);
  return (
    write === seen.write &&
    recent.length === seen.recent.length &&
    recent.every((logged, i) => {
      const other = seen.recent[i];
      return (
        other?.write === logged.write &&
        other.cards.length === logged.cards.length &&
        logged.cards.every((cardId, j) => other.cards[j] === cardId)
      );
    })
  );
}
