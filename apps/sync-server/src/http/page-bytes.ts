import type { ServerResponse } from "node:http";
import {
  type CompactCardBody,
  STREAM_FRAME_END,
  STREAM_FRAME_START,
  streamFrameParts,
  syncPageParts,
} from "@stamp/wire-protocol";
import { jsonBody, writeInChunks } from "./utf8-body";

/** A page's part of an answer (`syncPageParts`) as UTF-8, for the peer and cards it was made for. */
interface PageBytes {
  readonly cards: readonly CompactCardBody[];
  readonly peer: number;
  /** null: longer than a chunk, written a chunk at a time instead (`writeJsonParts`). */
  readonly bytes: Buffer | null;
}

/**
 * What each page's events were encoded into, while they live: one entry each (the last asked), so
 * an array handed out with one page after another can keep nothing but its last.
 */
const encoded = new WeakMap<readonly string[], PageBytes>();

/**
 * The UTF-8 of a page's part of a sync answer (its events, its cards and the answer's end), made
 * once for every answer given the same page: the tills a stamp woke at one cursor are handed one
 * page (`compactPage`: the same `events` and `cards`), and each had its own parts listed, joined
 * and encoded (issue 16, the 1,000-till step: ~700 held answers a second, ~12 events each; with
 * 12, bench/held-churn.ts allocated 62 -> 53 kB per held answer). Null when it is longer than one
 * chunk: a long page is never made into one buffer (`writeJsonParts`).
 */
export function pageBytes(
  events: readonly string[],
  cards: readonly CompactCardBody[],
  peer: number,
): Buffer | null {
  const known = encoded.get(events);
  if (known !== undefined && known.cards === cards && known.peer === peer) return known.bytes;
  // Sent as one string or in chunks as every answer of parts is (`jsonBody`).
  const body = jsonBody(syncPageParts(events, cards, peer, ""));
  const bytes = body.kind === "string" ? Buffer.from(body.text) : null;
  encoded.set(events, { cards, peer, bytes });
  return bytes;
}

/**
 * Answers 200 with the JSON `head` and then `page` (`pageBytes`) make on Node's response: one
 * write of the socket (Node corks the response's writes until the next tick), and the page's
 * bytes as they are, shared with the other answers that carry them.
 */
export function writeHeadAndPage(outgoing: ServerResponse, head: string, page: Buffer): void {
  outgoing.writeHead(200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(head) + page.length,
  });
  outgoing.write(head);
  outgoing.end(page);
}

/**
 * One answer of a held stream (wire protocol `pull-stream.ts`) on its response under way: its
 * event, `data: `, the JSON `head` and the page make, and the event's end — the page's bytes
 * shared with the other answers that carry them (`pageBytes`), or a long page a chunk at a time
 * (`writeInChunks`). Resolves once Node has taken it all: at once, unless the socket's buffer is
 * full (then when it drains) or the page is long (when its last chunk is written). A till gone
 * meanwhile leaves it unresolved: its stream's place ends (`PullWait.outlast`).
 */
export function writeStreamAnswer(
  outgoing: ServerResponse,
  head: string,
  events: readonly string[],
  cards: readonly CompactCardBody[],
  peer: number,
): Promise<void> {
  const page = pageBytes(events, cards, peer);
  if (page === null)
    return new Promise((resolve) => {
      const parts = streamFrameParts(syncPageParts(events, cards, peer, head));
      writeInChunks(outgoing, parts, (last, release) =>
        outgoing.write(last, () => {
          release();
          resolve();
        }),
      );
    });
  // One write of the socket: Node corks a response's writes until the next tick.
  outgoing.write(STREAM_FRAME_START + head);
  outgoing.write(page);
  if (outgoing.write(STREAM_FRAME_END)) return Promise.resolve();
  return new Promise((resolve) => outgoing.once("drain", resolve));
}
