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
  for (let i = 0; i < texts.length; i++)
    if ((texts[i] as string).length === 0) throw new Error('not one line of JSON: ""');
  const joined = texts.join("\n");
  // Line breaks counted in the joined text, which is flat: looking for them in each text first
  // flattened every state built by concatenation once more (~330 kB a batch, issue 13).
  let breaks = 0;
  for (let at = joined.indexOf("\n"); at !== -1; at = joined.indexOf("\n", at + 1)) breaks++;
  if (texts.length > 0 && breaks !== texts.length - 1) {
    const text = texts.find((t) => t.includes("\n")) as string;
    throw new Error(`not one line of JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  return joined;
}

/** SQL for the `text[]` of the texts that the parameter `param` (e.g. `$11`) sent by `lineTexts`. */
export function lineTextsArray(param: string): string {
  return `string_to_array(${param}::text, E'\\n')`;
}
