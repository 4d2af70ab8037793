import type { ServerResponse } from "node:http";
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { Context } from "hono";

/** Bytes of the buffer an answer is encoded into a chunk at a time (`writeJsonParts`). */
export const ANSWER_CHUNK_BYTES = 16 * 1024;

/**
 * An answer shorter than this (characters) is sent as one string: it stays in the young
 * generation, and a busy till's round (~2.5 kB) costs less so (+0.2–0.3 ms of CPU per round with
 * every answer encoded apart, each into a Buffer of its own). A longer one, written a chunk at a
 * time (`writeJsonParts`), makes no string of itself: catch-up answers of 16–64 k characters
 * joined were a sixth of what a catch-up allocated (issue 16).
 */
export const STRING_BODY_LIMIT = ANSWER_CHUNK_BYTES;

/** How many characters `parts` hold together. */
export function partsLength(parts: readonly string[]): number {
  let length = 0;
  for (const part of parts) length += part.length;
  return length;
}

/** Chunk buffers no answer is writing now, for the next ones: at most SPARE_CHUNKS are kept. */
const spareChunks: Buffer[] = [];
const SPARE_CHUNKS = 64;

function releaseChunk(chunk: Buffer): void {
  if (spareChunks.length < SPARE_CHUNKS) spareChunks.push(chunk);
}

/**
 * Answers 200 with the JSON `parts` make on Node's response: as one string when it fits in one
 * chunk, else encoded a chunk at a time into one buffer of ANSWER_CHUNK_BYTES, which is filled
 * again once the socket has taken what it held (the write's callback) and goes back to the spare
 * ones when the answer is done. A long answer is never a string (or Buffer) of the whole: a pull page is 100–400 kB, and V8 keeps strings that
 * large in its large-object space, where those that outlive a scavenge (4 MB young generation)
 * wait for a full GC (issue 13/16: 100–170 MB of them at the peaks), and a Buffer's bytes, outside
 * the heap, wait for the GC of the object that holds them. Nor strings of its chunks: those were
 * 45 % of what a catch-up pull allocated (issue 16), and all of an answer's chunks were kept
 * until its till had read them, past the ~64 kB its socket takes (on a loaded machine, past
 * scavenges: promoted). An answer waiting on its till holds its parts (the page's own strings)
 * and one chunk buffer; a part longer than a chunk is written as the string it is.
 */
export function writeJsonParts(outgoing: ServerResponse, parts: readonly string[]): void {
  let bytes = 0;
  for (const part of parts) bytes += Buffer.byteLength(part);
  outgoing.writeHead(200, { "content-type": "application/json", "content-length": bytes });
  // Within a chunk (most held answers, ~2–4 kB): one short string, young garbage, as before.
  if (bytes <= ANSWER_CHUNK_BYTES) {
    outgoing.end(parts.join(""));
    return;
  }
  const chunk = spareChunks.pop() ?? Buffer.allocUnsafeSlow(ANSWER_CHUNK_BYTES);
  let next = 0;
  // Called again by each write's callback, when the socket no longer needs the chunk's bytes.
  const writeOn = (error?: Error | null): void => {
    // A till gone: the chunk is left to the GC (a write of it may still be under way).
    if (error || outgoing.destroyed) return;
    let filled = 0;
    while (next < parts.length) {
      const part = parts[next] as string;
      // A UTF-16 unit is at most 3 bytes of UTF-8: most parts fit without being measured.
      const fits =
        filled + 3 * part.length <= ANSWER_CHUNK_BYTES ||
        filled + Buffer.byteLength(part) <= ANSWER_CHUNK_BYTES;
      if (!fits) {
        if (filled > 0) break;
        next++;
        outgoing.write(part, writeOn);
        return;
      }
      filled += chunk.write(part, filled);
      next++;
    }
    if (next < parts.length) outgoing.write(chunk.subarray(0, filled), writeOn);
    else outgoing.end(chunk.subarray(0, filled), () => releaseChunk(chunk));
  };
  writeOn();
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
