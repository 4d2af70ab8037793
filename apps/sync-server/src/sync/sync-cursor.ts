/**
 * Where a device is in its merchant's log, as the opaque text devices hand back: `p` and the
 * position of the merchant's log (per merchant, so no merchant learns another's volume). `null`
 * and `"0"` mean the start. A cursor of bare digits is one from before per-merchant positions (a
 * global sequence): it cannot be mapped, so the device starts over (harmless: a pull is a merge).
 */
export type CursorPosition = number | "start-over";

const CURRENT = /^p(0|[1-9][0-9]{0,14})$/;
const BEFORE_PER_MERCHANT = /^[0-9]{1,16}$/;

/** What the request schema lets through; `cursorPosition` decides what it means. */
export const CURSOR_TEXT = /^(p(0|[1-9][0-9]{0,14})|[0-9]{1,16})$/;

export function cursorPosition(text: string | null): CursorPosition {
  if (text === null || text === "0") return 0;
  const current = CURRENT.exec(text);
  if (current) return Number(current[1]);
  if (BEFORE_PER_MERCHANT.test(text)) return "start-over";
  throw new Error(`not a cursor: ${text}`);
}

export function cursorText(position: number): string {
  return `p${position}`;
}
