import { eventsForPeer } from "@stamp/wire-protocol";

/** Events read per page: one page of a card's history is in memory at a time. */
export const CARD_HISTORY_PAGE = 1_000;

const encoder = new TextEncoder();

/**
 * A card's whole history as a card fetch answers a till of protocol < 5
 * (`{"cardId":…,"events":[…]}`, the bytes `cardEventsAnswerJson` makes), streamed page by page as
 * the CSV exports are (exports/csv-stream.ts): a page is read only when the client has taken the
 * one before, so a card of any length holds one page in memory. Events go as stored, less what
 * the peer cannot read (`eventsForPeer`).
 */
export function cardHistoryStream(
  cardId: string,
  peer: number,
  readPage: (after: number) => Promise<readonly { readonly seq: number; readonly body: string }[]>,
): ReadableStream<Uint8Array> {
  let after: number | null = 0;
  let started = false;
  let first = true;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`{"cardId":${JSON.stringify(cardId)},"events":[`));
          return;
        }
        // A pull must enqueue or close (see csv-stream.ts): pages the peer reads nothing of go by.
        while (after !== null) {
          const rows = await readPage(after);
          after = rows.length < CARD_HISTORY_PAGE ? null : (rows.at(-1)?.seq ?? null);
          const events = eventsForPeer(
            peer,
            rows.map((row) => row.body),
          );
          if (events.length > 0) {
            controller.enqueue(encoder.encode(`${first ? "" : ","}${events.join(",")}`));
            first = false;
            return;
          }
        }
        controller.enqueue(encoder.encode("]}"));
        controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}
