import { describe, expect, inject, it } from "vitest";
import { textArrayParam } from "./text-array";
import { withPgClient } from "./with-pg-client";

const TEXTS = [
  '{"id":"0193","note":"say \\"hi\\"","path":"C:\\\\till"}',
  'quotes " and backslashes \\ and braces {a,b} and commas, NULL',
  "NULL",
  "",
  "  spaces  ",
  "Grüße, שלום, Сәлем, 🎉",
  "C1 controls \u0085 \u009f and delete \u007f",
  "a backslash before letters: \\n \\\\u \\t",
  null,
];

describe("text arrays sent as literals (textArrayParam)", () => {
  it("reach PostgreSQL as the very strings, nulls as NULL", async () => {
    const literal = textArrayParam(TEXTS);
    expect(typeof literal).toBe("string");
    const rows = await withPgClient(
      inject("postgresUrl"),
      async (client) =>
        (await client.query<{ t: string | null }>("SELECT unnest($1::text[]) AS t", [literal]))
          .rows,
    );
    expect(rows.map((row) => row.t)).toEqual(TEXTS);
  });

  it("reach PostgreSQL as the very numbers, nulls as NULL", async () => {
    const numbers = [0, -7, 1_765_000_000_000, 2 ** 53 - 1, null, 42];
    const literal = textArrayParam(numbers);
    expect(typeof literal).toBe("string");
    const rows = await withPgClient(
      inject("postgresUrl"),
      async (client) =>
        (await client.query<{ n: string | null }>("SELECT unnest($1::bigint[]) AS n", [literal]))
          .rows,
    );
    expect(rows.map((row) => (row.n === null ? null : Number(row.n)))).toEqual(numbers);
  });

  it("leaves what the two spell differently to node-postgres", () => {
    for (const value of [
      ["line\nbreak"],
      ["tab\there"],
      ["lone \ud800"],
      [1, Number.NaN],
      [Number.POSITIVE_INFINITY],
      [1, "1"],
      [true],
      [],
      "text",
      null,
    ])
      expect(textArrayParam(value)).toBe(value);
  });
});
