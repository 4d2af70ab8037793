/**
 * Decodes a keydown the way a US-layout keyboard would type it.
 *
 * A keyboard-wedge scanner emulates a US keyboard: it sends key *positions*, and the host applies
 * its own layout to them, so `event.key` is wrong on other layouts (AZERTY turns "1" into "&",
 * German QWERTZ swaps Y and Z and makes "=" a dead key, Hebrew turns "a" into "ש").
 * `event.code` names the physical position whatever the layout, so it is decoded instead.
 */

/** The parts of a `KeyboardEvent` the decoder reads. */
export interface KeyInput {
  readonly code: string;
  readonly key: string;
  readonly shiftKey: boolean;
  /** `getModifierState("CapsLock")`; absent means off. */
  readonly capsLock?: boolean;
  readonly ctrlKey?: boolean;
  readonly altKey?: boolean;
  readonly metaKey?: boolean;
}

export type DecodedKey =
  | { readonly kind: "char"; readonly char: string }
  | { readonly kind: "modifier" }
  | { readonly kind: "enter" }
  | { readonly kind: "tab" }
  | { readonly kind: "other" };

/** [unshifted, shifted] for every US-layout position that types a character, letters aside. */
const US_POSITIONS: ReadonlyMap<string, readonly [string, string]> = new Map([
  ["Digit1", ["1", "!"]],
  ["Digit2", ["2", "@"]],
  ["Digit3", ["3", "#"]],
  ["Digit4", ["4", "$"]],
  ["Digit5", ["5", "%"]],
  ["Digit6", ["6", "^"]],
  ["Digit7", ["7", "&"]],
  ["Digit8", ["8", "*"]],
  ["Digit9", ["9", "("]],
  ["Digit0", ["0", ")"]],
  ["Minus", ["-", "_"]],
  ["Equal", ["=", "+"]],
  ["BracketLeft", ["[", "{"]],
  ["BracketRight", ["]", "}"]],
  ["Backslash", ["\\", "|"]],
  ["Semicolon", [";", ":"]],
  ["Quote", ["'", '"']],
  ["Backquote", ["`", "~"]],
  ["Comma", [",", "<"]],
  ["Period", [".", ">"]],
  ["Slash", ["/", "?"]],
  ["Space", [" ", " "]],
]);

const LETTER_CODE = /^Key([A-Z])$/;

// `key` names a modifier the same way on every layout; `code` covers hosts that report no key.
const MODIFIER_KEYS = new Set([
  "Shift",
  "Control",
  "Alt",
  "AltGraph",
  "Meta",
  "OS",
  "CapsLock",
  "NumLock",
  "ScrollLock",
  "Fn",
  "FnLock",
]);
const MODIFIER_CODES = new Set([
  "ShiftLeft",
  "ShiftRight",
  "ControlLeft",
  "ControlRight",
  "AltLeft",
  "AltRight",
  "MetaLeft",
  "MetaRight",
  "OSLeft",
  "OSRight",
  "CapsLock",
  "NumLock",
]);

/** True when `key` is the text of one character (not a named key such as "Enter" or "Dead"). */
export function isPrintableKey(key: string): boolean {
  const codePoints = [...key];
  const first = key.codePointAt(0);
  return (
    codePoints.length === 1 &&
    first !== undefined &&
    first >= 0x20 &&
    !(first >= 0x7f && first <= 0x9f)
  );
}

export function decodeKey(input: KeyInput): DecodedKey {
  const { code, key } = input;
  if (MODIFIER_KEYS.has(key) || MODIFIER_CODES.has(code)) return { kind: "modifier" };
  // A shortcut (Ctrl+C, AltGr on Windows, Cmd+R) types nothing a scanner would send.
  if (input.ctrlKey === true || input.altKey === true || input.metaKey === true) {
    return { kind: "other" };
  }
  // NumpadEnter is what scanners set to send LF typically produce.
  if (code === "Enter" || code === "NumpadEnter" || key === "Enter") return { kind: "enter" };
  if (code === "Tab" || key === "Tab") return { kind: "tab" };

  const letter = LETTER_CODE.exec(code)?.[1];
  if (letter !== undefined) {
    // A US keyboard: CapsLock inverts Shift for letters only.
    const upper = input.shiftKey !== (input.capsLock === true);
    return { kind: "char", char: upper ? letter : letter.toLowerCase() };
  }
  const position = US_POSITIONS.get(code);
  if (position !== undefined)
    return { kind: "char", char: input.shiftKey ? position[1] : position[0] };

  // No usable position: Android reports code "" or "Unidentified" (keyCode 229), and positions
  // outside the US main block (the numpad) are not moved by layouts. `key` is all there is.
  if (isPrintableKey(key)) return { kind: "char", char: key };
  return { kind: "other" };
}
