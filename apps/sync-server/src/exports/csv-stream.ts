import { stringify } from "csv-stringify/sync";

/** Rows read per page: large enough to keep the database busy, small enough to stay light. */
export const EXPORT_PAGE = 1_000;

export type Cell = string | number | boolean | null | undefined;

/** A page of rows, and where the next page starts (null: that was the last). */
export interface CsvPage<Cursor> {
  readonly rows: readonly (readonly Cell[])[];
  readonly next: Cursor | null;
}

const encoder = new TextEncoder();

/**
 * A CSV file streamed page by page: a page is read only when the client has taken the one
 * before (the stream's pull), so an export of any size holds one page in memory. The file starts
 * with a byte-order mark, so spreadsheet programs read non-Latin names as UTF-8, and a cell that
 * a spreadsheet would run as a formula (=, +, -, @ …: a customer's name is anyone's input) is
 * written as text.
 */
export function csvStream<Cursor>(
  header: readonly string[],
  first: Cursor,
  readPage: (cursor: Cursor) => Promise<CsvPage<Cursor>>,
): ReadableStream<Uint8Array> {
  let cursor: Cursor | null = first;
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(stringify([header], { bom: true })));
          return;
        }
        // A pull must enqueue or close: one that does neither is not called again, and the
        // download would hang (a last page can be empty when the rows fill whole pages).
        while (cursor !== null) {
          const page: CsvPage<Cursor> = await readPage(cursor);
          cursor = page.next;
          if (page.rows.length > 0) {
            controller.enqueue(
              encoder.encode(
                stringify(page.rows as Cell[][], { escape_formulas: true, cast: CAST }),
              ),
            );
            return;
          }
        }
        controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}

/** Booleans as the words spreadsheets show for them; dates are given as ISO text already. */
const CAST = { boolean: (value: boolean) => (value ? "TRUE" : "FALSE") };
