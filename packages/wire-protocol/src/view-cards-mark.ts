import type { CardKey } from "./sync-cursor";

/**
 * Where a till of protocol 5 is in a pull of the cards of a location's or region's view, as the
 * `~c` pair of a `-l` or `-r` cursor carries it (`sync-cursor.ts`; the merchant's view carries a
 * `CardKey` there): the pair's first part names the phase, its second the last card sent. Devices
 * never read it: the text stays one the cursor's grammar (`CURSOR_TEXT`) has always let through.
 *
 * - `v<since>` — a first pull, in the view's cards (card id order); the new cards of no location
 *   enrolled after `since` (ms, fixed when the pull began) come next.
 * - `n<since>_<enrolled>` — a first pull, in those new cards (by enrolment, then card id), the
 *   last one enrolled at `enrolled`.
 * - `j` or `j<version>` — a join: the view's cards the till did not hold at the cursor's position
 *   (card id order), then the view's events from that position. It held its location's cards, and
 *   with a version those of the locations its region had at that version (its cursor before the
 *   join was read there; `j` alone: a location cursor, or a mark of a server before versions were
 *   listed).
 */
export type ViewCardsMark =
  | { readonly phase: "view"; readonly since: number; readonly cardId: string }
  | {
      readonly phase: "new";
      readonly since: number;
      readonly enrolled: number;
      readonly cardId: string;
    }
  | { readonly phase: "join"; readonly held: number | null; readonly cardId: string };

const VIEW = /^v(0|[1-9][0-9]{0,15})$/;
const NEW = /^n(0|[1-9][0-9]{0,15})_(0|[1-9][0-9]{0,15})$/;
const JOIN = /^j([1-9][0-9]{0,14})?$/;

/** The mark a cursor's `~c` pair spells in a location's or region's view; null: none of these. */
export function viewCardsMark(pair: CardKey): ViewCardsMark | null {
  const { programId: phase, cardId } = pair;
  const join = JOIN.exec(phase);
  if (join) return { phase: "join", held: join[1] ? Number(join[1]) : null, cardId };
  const view = VIEW.exec(phase);
  if (view) return { phase: "view", since: Number(view[1]), cardId };
  const fresh = NEW.exec(phase);
  if (fresh) return { phase: "new", since: Number(fresh[1]), enrolled: Number(fresh[2]), cardId };
  return null;
}

/** The cursor's `~c` pair for `mark` (`cursorText`'s `cardsAfter`). */
export function viewCardsPair(mark: ViewCardsMark): CardKey {
  switch (mark.phase) {
    case "view":
      return { programId: `v${mark.since}`, cardId: mark.cardId };
    case "new":
      return { programId: `n${mark.since}_${mark.enrolled}`, cardId: mark.cardId };
    case "join":
      return { programId: `j${mark.held ?? ""}`, cardId: mark.cardId };
    default: {
      const unreachable: never = mark;
      throw new Error(`unknown mark ${JSON.stringify(unreachable)}`);
    }
  }
}
