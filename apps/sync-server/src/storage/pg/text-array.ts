/**
 * Text a JSON string literal and a PostgreSQL array element may spell differently: control
 * characters (JSON writes `\n`, `\u0001`, which an array literal reads as `n`, `u0001`) and lone
 * surrogates.
 */
const JSON_ONLY = /[\p{Cc}\p{Cs}]/u;

/** Whether JSON.stringify writes every element of `value` as an array literal reads it back. */
function spelledAlike(value: readonly unknown[]): boolean {
  let strings = false;
  let numbers = false;
  for (const element of value) {
    if (element === null) continue;
    if (typeof element === "string") {
      if (JSON_ONLY.test(element)) return false;
      strings = true;
    } else if (typeof element === "number") {
      // JSON writes NaN and the infinities as null.
      if (!Number.isFinite(element)) return false;
      numbers = true;
    } else return false;
  }
  return !(strings && numbers);
}

/**
 * A parameter as node-postgres sends it, but an array of strings, or of numbers (nulls in either)
 * written as an array literal by JSON.stringify in one native pass: its string escapes (`\"`,
 * `\\`) are the array literal's, a finite number is written as node-postgres writes it, and `null`
 * reads as NULL. node-postgres escapes each element with two regular expressions, numbers too
 * (after making each a string); a batch sends its 500 event bodies and 400 card states so, and
 * a dozen arrays of numbers. Anything else, and arrays holding text the two spell differently,
 * goes as it came.
 */
export function textArrayParam(value: unknown): unknown {
  if (!Array.isArray(value) || value.length === 0 || !spelledAlike(value)) return value;
  return `{${JSON.stringify(value).slice(1, -1)}}`;
}
