import type { ServerResponse } from "node:http";
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { type SyncAnswerBody, syncAnswerParts } from "@stamp/wire-protocol";
import type { Context } from "hono";
import { partsLength, STRING_BODY_LIMIT, writeJsonParts } from "./utf8-body";

/** A short answer's bytes after its fields: its events and cards, as one peer reads them. */
interface AnswerTail {
  readonly cards: SyncAnswerBody["cards"];
  readonly peer: number;
  readonly bytes: Buffer;
}

/**
 * The encoded tail of each short answer by its `events` list. The tills a stamp woke at one
 * cursor are answered with one page object (`compact-page.ts`, `TailRows.page`), so with the same
 * `events` and `cards`; only the fields before them differ (`waitAfterMs`, `serverTime`). Each such
 * answer was joined and encoded on its own: ~5 kB of garbage a held answer, ~920 of them a second
 * at 1,000 tills (issue 13). Lists are never changed once made, so the same list (and cards, and
 * peer) means the same bytes; an entry lives as long as its list.
 */
const tails = new WeakMap<readonly string[], AnswerTail>();

/**
 * Answers 200 with the sync answer as `peer` reads it (`syncAnswerParts`), written on Node's
 * response: a long one a chunk at a time (`writeJsonParts`), a short one as its fields and the
 * tail it shares with every answer of the same lists (`tails`).
 */
export function syncAnswer<E extends { Bindings: HttpBindings }>(
  c: Context<E>,
  answer: SyncAnswerBody,
  peer: number,
) {
  const outgoing = c.env.outgoing;
  const known = tails.get(answer.events);
  if (known !== undefined && known.peer === peer && known.cards === answer.cards) {
    // With no events or cards, the parts are the fields alone, then "]" and "}".
    const [fields] = syncAnswerParts({ ...answer, events: [], cards: [] }, peer);
    writeFieldsAndTail(outgoing, fields as string, known.bytes);
    return RESPONSE_ALREADY_SENT;
  }
  const parts = syncAnswerParts(answer, peer);
  if (partsLength(parts) >= STRING_BODY_LIMIT) writeJsonParts(outgoing, parts);
  else {
    const bytes = Buffer.from(parts.slice(1).join(""));
    tails.set(answer.events, { cards: answer.cards, peer, bytes });
    writeFieldsAndTail(outgoing, parts[0] as string, bytes);
  }
  return RESPONSE_ALREADY_SENT;
}

function writeFieldsAndTail(outgoing: ServerResponse, fields: string, tail: Buffer): void {
  outgoing.writeHead(200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(fields) + tail.length,
  });
  outgoing.cork();
  outgoing.write(fields);
  outgoing.end(tail);
}
