import { cardNumberFor } from "@stamp/core";
import { cardIdFor } from "@stamp/core/testing";

/** Two card ids whose first numbers are the same (a birthday search: ~10⁴ ids for 9·10⁷ numbers). */
export function idsSharingANumber(): [string, string] {
  const seen = new Map<string, string>();
  for (let n = 0; ; n++) {
    const id = cardIdFor(n);
    const other = seen.get(cardNumberFor(id));
    if (other) return [other, id];
    seen.set(cardNumberFor(id), id);
  }
}
