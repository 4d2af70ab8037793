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
 * it cannot be mapped, so the device starts over (harmless: a pull is a merge).
 */
export type CursorPosition =
  | { readonly position: number; readonly epoch: string; readonly scope: SyncScope }
  | "start-over";

const CURRENT = /^p(0|[1-9][0-9]{0,14})(?:\.([0-9a-f]{12}))?(-l)?$/;
const BEFORE_PER_MERCHANT = /^[0-9]{1,16}$/;

/** What the request schema lets through; `cursorPosition` decides what it means. */
export const CURSOR_TEXT = /^(p(0|[1-9][0-9]{0,14})(\.[0-9a-f]{12})?(-l)?|[0-9]{1,16})$/;

/** `epoch`: this database's; a start cursor belongs to every epoch and scope. */
export function cursorPosition(text: string | null, epoch: string): CursorPosition {
  if (text === null || text === "0") return { position: 0, epoch, scope: "location" };
  const current = CURRENT.exec(text);
  if (current)
    return {
      position: Number(current[1]),
      epoch: current[2] ?? "",
      scope: current[3] ? "location" : "merchant",
    };
  if (BEFORE_PER_MERCHANT.test(text)) return "start-over";
  throw new Error(`not a cursor: ${text}`);
}

export function cursorText(position: number, epoch: string, scope: SyncScope): string {
  const epochPart = epoch === "" ? "" : `.${epoch}`;
  return `p${position}${epochPart}${scope === "location" ? "-l" : ""}`;
}
