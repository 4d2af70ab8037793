/**
 * A rollup rebuild's stages, in order, each taken in steps of one transaction
 * (storage/rollup-rebuild-store.ts): the log counted page by page up to the position its first
 * step fixed (appends count what comes after it), then the cards' voucher rows written as reward
 * rows. `tail`: the last stage of older servers (which counted all the log gained meanwhile in one
 * step); a rebuild resumed there counts the log up to that position in pages too, and ends.
 */
export type RollupStage = "events" | "rewards" | "tail";

/** Events counted per step (one transaction). */
export const REBUILD_EVENTS_PAGE = 2_000;
/** Cards whose voucher rows are written per step. */
export const REBUILD_CARDS_PAGE = 500;

/** The share of a rebuild's time the log takes (the rest: the cards' voucher rows). */
const EVENTS_SHARE = 90;

/**
 * How far a rebuild is, 0–99 % (100 is the rollup being exact, which no step reports): the log's
 * position against its head, then the cards done against the merchant's cards.
 */
export function rebuildPercent(
  stage: RollupStage,
  log: { readonly through: number; readonly head: number },
  cards: { readonly done: number; readonly total: number },
): number {
  switch (stage) {
    case "events":
      return Math.min(99, Math.floor((EVENTS_SHARE * log.through) / Math.max(1, log.head)));
    case "rewards":
      return Math.min(
        99,
        EVENTS_SHARE + Math.floor(((99 - EVENTS_SHARE) * cards.done) / Math.max(1, cards.total)),
      );
    case "tail":
      return 99;
  }
}
