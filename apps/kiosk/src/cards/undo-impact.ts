import {
  type CardState,
  foldAfter,
  foldCard,
  formatHlc,
  hlcMillis,
  type Program,
  type StampEvent,
  type Voucher,
} from "@stamp/core";

/** What undoing a stamp would do to the card's rewards, said before it is done. */
export interface UndoImpact {
  /** Rewards ready to use that the undo takes back (withdrawn until earned again). */
  readonly withdrawn: readonly Voucher[];
  /** Rewards already used whose stamps the undo takes back: they stay used, and a conflict is flagged. */
  readonly alreadyUsed: readonly Voucher[];
}

/**
 * Folds the card as if `target` were undone now and compares: no guessing about cycles, the same
 * fold the log will do. `before` is its state, `base` the snapshot the till holds it from (SPEC
 * CS1; null: none) and `events` the events it holds after it. When the till cannot fold the undo
 * onto its snapshot (it holds an event before it), it says nothing it cannot know.
 */
export function undoImpact(
  program: Program,
  before: CardState,
  base: CardState | null,
  events: readonly StampEvent[],
  target: StampEvent,
): UndoImpact {
  const last = before.lastHlc;
  const undo: StampEvent = {
    ...target,
    // After everything this till has seen, like the real undo it would write.
    id: "ffffffff-ffff-7fff-bfff-ffffffffffff",
    hlc: formatHlc({
      millis: (last === null ? hlcMillis(target.hlc) : hlcMillis(last)) + 1,
      counter: 0,
      node: "ffffffffffffffff",
    }),
    type: "stamps.revoked",
    targetId: target.id,
    reason: "undo preview",
  } as StampEvent;
  const after =
    base === null
      ? foldCard(program, before.cardId, [...events, undo])
      : foldAfter(program, base, [...events, undo]);
  if (after === null) return { withdrawn: [], alreadyUsed: [] };
  const withdrawn = before.vouchers.filter(
    (v, i) => v.status === "issued" && after.vouchers[i]?.status === "withdrawn",
  );
  const flagged = new Set(
    after.conflicts
      .filter((c) => c.kind === "revoked-after-redemption" && c.eventId === undo.id)
      .map((c) => c.voucherId),
  );
  return { withdrawn, alreadyUsed: before.vouchers.filter((v) => flagged.has(v.id)) };
}
