import type { ServerResponse } from "node:http";
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { Context } from "hono";

/** Parts are joined into strings of about this many characters before they are written. */
export const UTF8_BODY_CHUNK = 16 * 1024;

/**
 * An answer shorter than this (characters) is sent as one string: it stays in the young
 * generation, and writing it in chunks would cost a small answer more than it saved (by-count
 * rounds of ~2.5 kB: +0.2–0.3 ms of CPU per round with every answer encoded apart).
 */
export const STRING_BODY_LIMIT = 4 * UTF8_BODY_CHUNK;

/** How many characters `parts` hold together. */
export function partsLength(parts: readonly string[]): number {
  let length = 0;
  for (const part of parts) length += part.length;
  return length;
}

/**
 * `parts` joined a chunk at a time: strings of about UTF8_BODY_CHUNK characters (a part longer
 * than that is a chunk of its own), which joined are the whole.
 */
export function utf8Chunks(parts: readonly string[]): string[] {
  const chunks: string[] = [];
  let from = 0;
  let length = 0;
  for (const [i, part] of parts.entries()) {
    length += part.length;
    if (length < UTF8_BODY_CHUNK && i < parts.length - 1) continue;
    chunks.push(parts.slice(from, i + 1).join(""));
    from = i + 1;
    length = 0;
  }
  return chunks;
}

/**
 * Answers 200 with the JSON `parts` make on Node's response, written a chunk at a time while it
 * is corked: Node encodes the chunks into one native buffer for the socket and frees it as soon
 * as the write is done. Never one string (or Buffer) of the whole: a pull page is 100–400 kB, and
 * V8 keeps strings that large in its large-object space, where those that outlive a scavenge (4 MB
 * young generation) wait for a full GC — a thousand tills catching up left 100–170 MB of them
 * (issue 13/16, the run's peak RSS); a Buffer's bytes, outside the heap, also waited for the GC of
 * the object that holds them (35–65 MB at the all-busy peaks). The chunks are young strings that
 * die in the next scavenge.
 */
export function writeJsonParts(outgoing: ServerResponse, parts: readonly string[]): void {
  const chunks = utf8Chunks(parts);
  let bytes = 0;
  for (const chunk of chunks) bytes += Buffer.byteLength(chunk);
  outgoing.writeHead(200, { "content-type": "application/json", "content-length": bytes });
  outgoing.cork();
  for (const chunk of chunks) outgoing.write(chunk);
  outgoing.end();
}

/**
 * A 200 JSON answer of `parts`: one string when it is short, else written on Node's response a
 * chunk at a time (`writeJsonParts`), and hono told it was sent. Any route with a large answer in
 * parts answers through here, so the choice is made in one place.
 */
export function jsonPartsAnswer<E extends { Bindings: HttpBindings }>(
  c: Context<E>,
  parts: readonly string[],
) {
  if (partsLength(parts) < STRING_BODY_LIMIT)
    return c.body(parts.join(""), 200, { "content-type": "application/json" });
  writeJsonParts(c.env.outgoing, parts);
  return RESPONSE_ALREADY_SENT;
}
