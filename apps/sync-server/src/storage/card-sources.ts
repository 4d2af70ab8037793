import type { CardState, Program } from "@stamp/core";
import type { CardSource } from "./compact-store";

/**
 * A card of a page and its program, as both adapters read them in the snapshot they read the
 * card's base in: each program's body comes on one of its cards' rows (null on the others).
 */
export interface CardProgramRow {
  readonly cardId: string;
  readonly programId: string;
  readonly program: string | null;
}

/** Each card's program by card id (each program parsed once): the merchant's cards of a page. */
export function cardPrograms(rows: readonly CardProgramRow[]): Map<string, Program> {
  const programs = new Map<string, Program>();
  for (const row of rows)
    if (row.program !== null) programs.set(row.programId, JSON.parse(row.program) as Program);
  return new Map(rows.map((row) => [row.cardId, programs.get(row.programId) as Program]));
}

/**
 * A page's cards as both adapters read them (stamp-core SPEC CS2): each of the merchant's cards
 * (`programs`), its program, its base (none when it has no snapshot that can take its tail) and
 * its events from the base on, in the card's order; a card with neither is not there.
 */
export function cardSourcesFrom(
  programs: ReadonlyMap<string, Program>,
  at: number,
  bases: ReadonlyMap<string, { readonly state: CardState }>,
  rows: Iterable<{ readonly cardId: string; readonly body: string }>,
): Map<string, CardSource> {
  const bodies = new Map<string, string[]>();
  for (const row of rows) {
    const card = bodies.get(row.cardId);
    if (card) card.push(row.body);
    else bodies.set(row.cardId, [row.body]);
  }
  const read = new Map<string, CardSource>();
  for (const [id, program] of programs) {
    const base = bases.get(id)?.state ?? null;
    const card = bodies.get(id) ?? [];
    if (card.length > 0 || base) read.set(id, { at, program, base, bodies: card });
  }
  return read;
}
