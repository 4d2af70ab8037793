import type { ServerResponse } from "node:http";
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { Context } from "hono";

/** Bytes of the buffer an answer is encoded into a chunk at a time (`writeJsonParts`). */
export const ANSWER_CHUNK_BYTES = 16 * 1024;

/** How many characters `parts` hold together. */
export function partsLength(parts: readonly string[]): number {
  let length = 0;
  for (const part of parts) length += part.length;
  return length;
}

/**
 * How an answer of parts is sent, chosen in one place (`jsonBody`) for every way it is written:
 * within one chunk as one `string` (it stays in the young generation, and a busy till's round,
 * ~2.5 kB, costs less so: +0.2–0.3 ms of CPU per round with every answer encoded apart, each into
 * a Buffer of its own); longer, in `chunks` (`writeJsonParts`), which make no string of the whole:
 * catch-up answers of 16–64 k characters joined were a sixth of what a catch-up allocated (issue 16).
 */
export type JsonBody =
  | { readonly kind: "string"; readonly text: string }
  | { readonly kind: "chunks"; readonly parts: readonly string[]; readonly bytes: number };

/** How the JSON `parts` make is sent: as one string when its UTF-8 fits in one chunk. */
export function jsonBody(parts: readonly string[]): JsonBody {
  const length = partsLength(parts);
  // A UTF-16 unit is at most 3 bytes of UTF-8: most held answers are not measured.
  if (3 * length <= ANSWER_CHUNK_BYTES) return { kind: "string", text: parts.join("") };
  let bytes = 0;
  for (const part of parts) bytes += Buffer.byteLength(part);
  return bytes <= ANSWER_CHUNK_BYTES
    ? { kind: "string", text: parts.join("") }
    : { kind: "chunks", parts, bytes };
}

/** Chunk buffers no answer is writing now, for the next ones: at most SPARE_CHUNKS are kept. */
const spareChunks: Buffer[] = [];
const SPARE_CHUNKS = 64;

function releaseChunk(chunk: Buffer): void {
  if (spareChunks.length < SPARE_CHUNKS) spareChunks.push(chunk);
}

/** Answers 200 with the JSON `parts` make on Node's response, as `jsonBody` chooses. */
export function writeJsonParts(outgoing: ServerResponse, parts: readonly string[]): void {
  const body = jsonBody(parts);
  switch (body.kind) {
    case "string":
      outgoing.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body.text),
      });
      outgoing.end(body.text);
      return;
    case "chunks":
      writeChunks(outgoing, body.parts, body.bytes);
      return;
    default: {
      const unreachable: never = body;
      throw new Error(`unknown body ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Answers 200 with `bytes` of JSON encoded a chunk at a time into one buffer of
 * ANSWER_CHUNK_BYTES, which is filled again once the socket has taken what it held (the write's
 * callback) and goes back to the spare ones when the answer is done. A long answer is never a
 * string (or Buffer) of the whole: a pull page is 100–400 kB, and V8 keeps strings that large in
 * its large-object space, where those that outlive a scavenge (4 MB young generation) wait for a
 * full GC (issue 13/16: 100–170 MB of them at the peaks), and a Buffer's bytes, outside the heap,
 * wait for the GC of the object that holds them. Nor strings of its chunks: those were 45 % of
 * what a catch-up pull allocated (issue 16), and all of an answer's chunks were kept until its
 * till had read them, past the ~64 kB its socket takes (on a loaded machine, past scavenges:
 * promoted). An answer waiting on its till holds its parts (the page's own strings) and one chunk
 * buffer; a part longer than a chunk is written as the string it is.
 */
function writeChunks(outgoing: ServerResponse, parts: readonly string[], bytes: number): void {
  outgoing.writeHead(200, { "content-type": "application/json", "content-length": bytes });
  writeInChunks(outgoing, parts, (last, release) => outgoing.end(last, release));
}

/**
 * `parts` written on a response under way a chunk at a time, as `writeChunks` writes an answer;
 * its last chunk handed to `finish` with how to give the chunk back once written (an answer ends
 * the response with it; a stream's answer, `held-stream-answer.ts`, writes it and goes on).
 */
export function writeInChunks(
  outgoing: ServerResponse,
  parts: readonly string[],
  finish: (last: Buffer, release: () => void) => void,
): void {
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
    else finish(chunk.subarray(0, filled), () => releaseChunk(chunk));
  };
  writeOn();
}

/**
 * A 200 JSON answer of `parts` (`jsonBody`): one string through hono when it is short, else
 * written on Node's response a chunk at a time (`writeJsonParts`), and hono told it was sent. Any
 * route with a large answer in parts answers through here.
 */
export function jsonPartsAnswer<E extends { Bindings: HttpBindings }>(
  c: Context<E>,
  parts: readonly string[],
) {
  const body = jsonBody(parts);
  switch (body.kind) {
    case "string":
      return c.body(body.text, 200, { "content-type": "application/json" });
    case "chunks":
      writeChunks(c.env.outgoing, body.parts, body.bytes);
      return RESPONSE_ALREADY_SENT;
    default: {
      const unreachable: never = body;
      throw new Error(`unknown body ${JSON.stringify(unreachable)}`);
    }
  }
}
