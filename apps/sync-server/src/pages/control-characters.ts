/** C0 controls, DEL and C1 controls. */
const CONTROL = /\p{Cc}/gu;
/** Controls that are whitespace in HTML and XML alike. */
const WHITESPACE = new Set(["\t", "\n", "\r"]);

/**
 * Replaces raw control characters with U+FFFD before text goes into a page or an SVG. Input is
 * refused when it holds them (stamp-core SPEC V6), so this only meets text stored before that rule:
 * it must still not reach a browser raw (XML does not even allow most of them, escaped or not).
 */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL, (c) => (WHITESPACE.has(c) ? c : "\ufffd"));
}
