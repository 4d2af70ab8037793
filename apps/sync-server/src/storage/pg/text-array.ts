/**
 * Text a JSON string literal and a PostgreSQL array element may spell differently: control
 * characters (JSON writes `\n`, `\u0001`, which an array literal reads as `n`, `u0001`) and lone
 * surrogates.
 */
const JSON_ONLY = /[\p{Cc}\p{Cs}]/u;

/**
 * A parameter as node-postgres sends it, but an array of strings (and nulls) written as an array
 * literal by JSON.stringify in one native pass: its string escapes (`\"`, `\\`) are the array
 * literal's, and `null` reads as NULL. node-postgres escapes each element with two regular
 * expressions; a batch sends its 500 event bodies and 400 card states so. Anything else, and
 * arrays holding text the two spell differently, goes as it came.
 */
export function textArrayParam(value: unknown): unknown {
  if (!Array.isArray(value) || value.length === 0) return value;
  for (const element of value)
    if (element !== null && (typeof element !== "string" || JSON_ONLY.test(element))) return value;
  return `{${JSON.stringify(value).slice(1, -1)}}`;
}
