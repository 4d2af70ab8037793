/**
 * Texts that are each one JSON value as `JSON.stringify` writes it (an event's stored body, a
 * card's state, snapshot or voucher), sent to PostgreSQL as one text of lines: `JSON.stringify`
 * writes every line break escaped, so a line is a text, and PostgreSQL splits them
 * (`lineTextsArray`) as it finds the breaks. As a `text[]` literal (`textArrayParam`), node escaped
 * every quote and backslash of them and scanned them for what the two spell differently, and
 * PostgreSQL unescaped them again; a batch sends its 500 bodies and 400 states (~250 kB, issue 13).
 * A text holding a line break, or none at all, would be split otherwise: refused.
 */
export function lineTexts(texts: readonly string[]): string {
  for (const text of texts)
    if (text === "" || text.includes("\n"))
      throw new Error(`not one line of JSON: ${JSON.stringify(text.slice(0, 80))}`);
  return texts.join("\n");
}

/** SQL for the `text[]` of the texts that the parameter `param` (e.g. `$11`) sent by `lineTexts`. */
export function lineTextsArray(param: string): string {
  return `string_to_array(${param}::text, E'\\n')`;
}
