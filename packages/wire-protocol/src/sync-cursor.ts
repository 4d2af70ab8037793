import type { SyncScope } from "./sync-scope";

/**
 * Where a device is in its merchant's log, as the opaque text devices hand back: `p` and the
 * position of the merchant's log (per merchant, so no merchant learns another's volume), then
 * `.` and the database's log epoch once it has one (after a restore: positions past the backup
 * were handed out again, so a cursor of another epoch must start over), then `-l` when it was
 * read in a location scope (protocol 2; without it, the merchant's whole log): a till whose
 * location is switched to the merchant scope must pull the other locations' cards from the start,
 * while one switched the other way already holds more than it needs. `null` and `"0"` mean the
 * start. A cursor of bare digits is one from before per-merchant positions (a global sequence):
 * it cannot be mapped, so the device starts over (harmless: a pull is a merge). `-r` and a number
 * instead of `-l`: read in a region scope, at that version of the region's membership (`region`;
 * a region gets a new version, unique within its merchant, whenever a location joins it, so the
 * tills of a region that gained a location's cards pull the cards they lack again). `~c`, then a
 * card's program id, `~` and its id (protocol 5, `compact-first-pull`): the till is in its first
 * pull of the merchant's cards, sent as compact cards in (program, card) order up to that card,
 * each read after the position, which is where its events start once every card is sent.
 */
export type CursorPosition =
  | {
      readonly position: number;
      readonly epoch: string;
      readonly scope: SyncScope;
      /** The region's membership version, when `scope` is `region`. */
      readonly region?: number;
      /** In a first pull of compact cards: the last card sent (see above). */
      readonly cardsAfter?: CardKey;
    }
  | "start-over";

/** A card in the order of a first pull of compact cards: by program, then card id. */
export interface CardKey {
  readonly programId: string;
  readonly cardId: string;
}

const CURRENT =
  /^p(0|[1-9][0-9]{0,14})(?:\.([0-9a-f]{12}))?(?:(-l)|-r([1-9][0-9]{0,14}))?(?:~c([0-9A-Za-z_-]{1,64})~([0-9A-Za-z_-]{1,64}))?$/;
const BEFORE_PER_MERCHANT = /^[0-9]{1,16}$/;

/** What the request schema lets through; `cursorPosition` decides what it means. */
export const CURSOR_TEXT =
  /^(p(0|[1-9][0-9]{0,14})(\.[0-9a-f]{12})?(-l|-r[1-9][0-9]{0,14})?(~c[0-9A-Za-z_-]{1,64}~[0-9A-Za-z_-]{1,64})?|[0-9]{1,16})$/;

/** `epoch`: this database's; a start cursor belongs to every epoch and scope. */
export function cursorPosition(text: string | null, epoch: string): CursorPosition {
  if (text === null || text === "0") return { position: 0, epoch, scope: "location" };
  const current = CURRENT.exec(text);
  if (current) {
    const position = Number(current[1]);
    const epoch = current[2] ?? "";
    const cards =
      current[5] && current[6] ? { cardsAfter: { programId: current[5], cardId: current[6] } } : {};
    if (current[4])
      return { position, epoch, scope: "region", region: Number(current[4]), ...cards };
    return { position, epoch, scope: current[3] ? "location" : "merchant", ...cards };
  }
  if (BEFORE_PER_MERCHANT.test(text)) return "start-over";
  throw new Error(`not a cursor: ${text}`);
}

/**
 * `region`: the region's membership version, for a `region` scope; `cardsAfter`: the last card a
 * first pull of compact cards sent.
 */
export function cursorText(
  position: number,
  epoch: string,
  scope: SyncScope,
  region?: number,
  cardsAfter?: CardKey,
): string {
  const epochPart = epoch === "" ? "" : `.${epoch}`;
  const cards = cardsAfter ? `~c${cardsAfter.programId}~${cardsAfter.cardId}` : "";
  return `p${position}${epochPart}${scopeSuffix(scope, region)}${cards}`;
}

function scopeSuffix(scope: SyncScope, region: number | undefined): string {
  switch (scope) {
    case "location":
      return "-l";
    case "region":
      if (region === undefined) throw new Error("a region cursor needs the region's version");
      return `-r${region}`;
    case "merchant":
      return "";
    default: {
      const unreachable: never = scope;
      throw new Error(`unknown scope ${unreachable}`);
    }
  }
}
