import type { Program, StampEvent } from "@stamp/core";

/**
 * Whether this device's copy of the programs can fold `event`: it knows the program and, for a
 * stamp, the version the stamp was made under, whose reward the stamp may earn (stamp-core SPEC T4).
 */
export function holdsProgramOf(programs: ReadonlyMap<string, Program>, event: StampEvent): boolean {
  const program = programs.get(event.programId);
  if (!program) return false;
  return event.type !== "stamps.added" || (event.programVersion ?? 1) <= program.version;
}
