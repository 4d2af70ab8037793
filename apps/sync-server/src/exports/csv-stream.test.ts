import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { type CsvPage, csvStream } from "./csv-stream";

async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** Pages of `size` numbered rows out of `total`, and how many pages were read. */
function numbers(total: number, size: number) {
  const reads: number[] = [];
  const readPage = async (from: number): Promise<CsvPage<number>> => {
    reads.push(from);
    const rows = Array.from({ length: Math.max(0, Math.min(size, total - from)) }, (_, i) => [
      from + i,
    ]);
    return { rows, next: rows.length === size ? from + size : null };
  };
  return { reads, readPage };
}

describe("csvStream", () => {
  it("ends when the rows fill whole pages and the last page read is empty", async () => {
    const { readPage } = numbers(6, 3);
    const text = await read(csvStream(["n"], 0, readPage));
    expect(parse(text, { bom: true, columns: true })).toHaveLength(6);
  });

  it("reads a page only when the one before has been taken", async () => {
    const { reads, readPage } = numbers(10, 2);
    const reader = csvStream(["n"], 0, readPage).getReader();
    await reader.read(); // the header
    await reader.read();
    expect(reads).toEqual([0]);
    await reader.read();
    expect(reads).toEqual([0, 2]);
    await reader.cancel();
  });

  it("writes a cell a spreadsheet would compute as text, and booleans as words", async () => {
    const text = await read(
      csvStream(["a", "b", "c"], 0, async () => ({
        rows: [
          ["=1+1", "@SUM(A1)", true],
          ["plain, with comma", null, false],
        ],
        next: null,
      })),
    );
    expect(parse(text, { bom: true })).toEqual([
      ["a", "b", "c"],
      ["'=1+1", "'@SUM(A1)", "TRUE"],
      ["plain, with comma", "", "FALSE"],
    ]);
  });
});
