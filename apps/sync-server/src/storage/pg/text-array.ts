/**
 * In the JSON text of an array, what a JSON string literal and a PostgreSQL array element spell
 * differently: the escapes JSON writes for control characters (`\n`, `\u0001`, which an array
 * literal reads as `n`, `u0001`) and lone surrogates (`\ud800`), i.e. a backslash that begins an
 * escape (after an even number of them) before one of those letters. Inside its quotes an array
 * literal reads every character but `\` and `"` as it is. Looked for in the whole text, and only
 * when it holds a backslash at all (ids, times, numbers never do).
 */
const JSON_ONLY = /(?<!\\)(?:\\\\)*\\[bfnrtu]/;

/**
 * Whether every element of `value` is a string or null, or every one a finite number or null.
 * Indexed: `for … of` made an iterator result per element here (~370 kB a batch, issue 13).
 */
function oneKind(value: readonly unknown[]): boolean {
  let strings = false;
  let numbers = false;
  for (let i = 0; i < value.length; i++) {
    const element = value[i];
    if (element === null) continue;
    if (typeof element === "string") strings = true;
    // JSON writes NaN and the infinities as null.
    else if (typeof element === "number" && Number.isFinite(element)) numbers = true;
    else return false;
  }
  return !(strings && numbers);
}

/**
 * A parameter as node-postgres sends it, but an array of strings, or of numbers (nulls in either)
 * written as an array literal by JSON.stringify in one native pass: its string escapes (`\"`,
 * `\\`) are the array literal's, a finite number is written as node-postgres writes it, and `null`
 * reads as NULL. node-postgres escapes each element with two regular expressions, numbers too
 * (after making each a string); a batch sends a dozen arrays of ids and numbers of 400-500
 * elements (issue 13). Anything else, and arrays holding text the two spell differently, goes as
 * it came.
 */
export function textArrayParam(value: unknown): unknown {
  if (!Array.isArray(value) || value.length === 0 || !oneKind(value)) return value;
  const json = JSON.stringify(value);
  return json.includes("\\") && JSON_ONLY.test(json) ? value : `{${json.slice(1, -1)}}`;
}
