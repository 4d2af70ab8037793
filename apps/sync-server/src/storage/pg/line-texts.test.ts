import { describe, expect, inject, it } from "vitest";
import { lineTexts, lineTextsArray } from "./line-texts";
import { withPgClient } from "./with-pg-client";

/** What JSON.stringify writes of values a till may send: escapes of every kind, and none. */
const TEXTS = [
  { note: 'say "hi"', path: "C:\\till", braces: "{a,b}", comma: "a, NULL" },
  { nul: "a\u0000b", control: "line\nbreak\r\ttab\u0001\u007f\u2028" },
  { lone: "x\ud800y", low: "\udc00", pair: "🎉" },
  { langs: "Grüße, שלום, Сәлем", escaped: "\\n \\ud800 \\u0000" },
  { spaces: "  inside  ", nested: [1, { deep: [null, true, 2.5] }] },
  [],
  {},
  "a string",
  0,
].map((value) => JSON.stringify(value));

describe("JSON texts sent as lines of one text (lineTexts)", () => {
  it("reach PostgreSQL as the very texts, in their order", async () => {
    for (const texts of [TEXTS, [], [TEXTS[0] as string]]) {
      const rows = await withPgClient(
        inject("postgresUrl"),
        async (client) =>
          (
            await client.query<{ t: string }>(`SELECT unnest(${lineTextsArray("$1")}) AS t`, [
              lineTexts(texts),
            ])
          ).rows,
      );
      expect(rows.map((row) => row.t)).toEqual(texts);
    }
  });

  it("refuses a text a line break or nothing would split otherwise", () => {
    expect(() => lineTexts(['{"a":1}', "two\nlines"])).toThrow(/not one line/);
    expect(() => lineTexts([""])).toThrow(/not one line/);
  });
});
