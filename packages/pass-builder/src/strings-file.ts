const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/**
 * Escapes text for a `"key" = "value";` line of an Apple `.strings` file.
 * passkit-generator writes values verbatim, so a quote or newline in a merchant's
 * text would otherwise break the whole file.
 */
export function escapeStringsText(text: string): string {
  let escaped = "";
  for (const char of text) {
    const known = ESCAPES[char];
    const code = char.charCodeAt(0);
    if (known) escaped += known;
    // Other control characters: the \U escape of old-style property lists.
    else if (code < 0x20) escaped += `\\U${code.toString(16).padStart(4, "0")}`;
    else escaped += char;
  }
  return escaped;
}

/** A UTF-8 `pass.strings` file mapping each key to its translation. */
export function stringsFile(translations: ReadonlyMap<string, string>): Buffer {
  const lines: string[] = [];
  for (const [key, value] of translations) {
    lines.push(`"${escapeStringsText(key)}" = "${escapeStringsText(value)}";`);
  }
  return Buffer.from(`${lines.join("\n")}\n`, "utf8");
}
