import * as v from "valibot";

/**
 * The held stream (issue 16): a till whose last answer offered `maxStream` asks its next held pull
 * (no events, with `wait`) with `stream: true`, and the server answers it as server-sent events —
 * one event of each sync answer (`data: <the answer's JSON>`), exactly as a held pull would have
 * answered, at the first change of its scope and at each change after, paced as held pulls are
 * (`HELD_PULL_GAP_MS`, the till's own moment in it) — for up to `maxStream` seconds. One request
 * then serves a till for minutes instead of one per wake: ~900 held cycles a second at 1,000 tills
 * each paid a whole HTTP request (parse, middleware, token check, device read) for a page.
 * No protocol bump: an offered field, as `maxWait` was (`pull-wait.ts`, README § Versions).
 */

/**
 * The answer's `maxStream`: the server will stream this device's next held pull for up to this many
 * seconds. Absent: it will not (an older server, no room now, streams turned off); the till
 * long-polls. Read leniently, like `maxWait` (`offeredStream` makes sense of it).
 */
export const MAX_STREAM = v.optional(v.number());

/**
 * The request's `stream`: answer this held pull as a stream. The server takes it only with `wait`
 * and no events (4xx otherwise), and only from a till an answer offered `maxStream`.
 */
export const PULL_STREAM = v.boolean("must be true or false");

/** Between answers the server sends a comment this often, so proxies and the till see it live. */
export const STREAM_HEARTBEAT_MS = 15_000;

/** A till that hears nothing of its stream (no answer, no heartbeat) this long drops it. */
export const STREAM_SILENCE_MS = 45_000;

/** The stream's `Content-Type`. */
export const STREAM_CONTENT_TYPE = "text/event-stream";

/** What comes before an answer's JSON in its event, and after it. */
export const STREAM_FRAME_START = "data: ";
export const STREAM_FRAME_END = "\n\n";

/** The heartbeat: an empty comment. */
export const STREAM_HEARTBEAT = ":\n\n";

/** The seconds a till may stream for after an answer that offered `maxStream`; null: do not. */
export function offeredStream(maxStream: number | undefined): number | null {
  if (maxStream === undefined || !Number.isFinite(maxStream) || maxStream <= 0) return null;
  return maxStream;
}

/**
 * One answer's event, from the answer's JSON (`syncAnswerJson`), which has no raw newline: one
 * `data:` line.
 */
export function streamFrame(answerJson: string): string {
  return `${STREAM_FRAME_START}${answerJson}${STREAM_FRAME_END}`;
}

/**
 * `streamFrame` in pieces, from the answer's parts (`syncAnswerParts`), for a server that writes
 * an answer a few parts at a time.
 */
export function streamFrameParts(answerParts: readonly string[]): string[] {
  return [STREAM_FRAME_START, ...answerParts, STREAM_FRAME_END];
}

const LF = 10;
const CR = 13;

/**
 * Reads a stream's bytes as they come, in chunks cut anywhere (within a line, between a CR and its
 * LF, within a character): out come the `data` of each complete event, in order. Lines end in LF,
 * CRLF or CR; comments (the heartbeats) and fields other than `data` are skipped — any chunk at all
 * tells its reader the stream lives. An event's `data` lines are joined by "\n" (the SSE rule; an
 * answer has one).
 */
export class StreamFrameReader {
  readonly #decoder = new TextDecoder();
  /** The line read so far, not yet ended. */
  #line = "";
  /** The event's `data` lines so far; null: none yet. */
  #data: string[] | null = null;
  /** The last chunk ended in CR: an LF opening the next ends no line of its own. */
  #afterCR = false;

  /** The `data` of every event that `chunk` completes. */
  read(chunk: Uint8Array): string[] {
    let text = this.#decoder.decode(chunk, { stream: true });
    if (text.length === 0) return [];
    if (this.#afterCR && text.charCodeAt(0) === LF) text = text.slice(1);
    this.#afterCR = false;
    const events: string[] = [];
    let from = 0;
    let nextLF = text.indexOf("\n");
    let nextCR = text.indexOf("\r");
    while (nextLF >= 0 || nextCR >= 0) {
      const end = nextCR < 0 || (nextLF >= 0 && nextLF < nextCR) ? nextLF : nextCR;
      const line = this.#line + text.slice(from, end);
      this.#line = "";
      from = end + 1;
      if (text.charCodeAt(end) === CR) {
        if (from === text.length) this.#afterCR = true;
        else if (text.charCodeAt(from) === LF) from++;
      }
      const data = this.#readLine(line);
      if (data !== null) events.push(data);
      if (nextLF >= 0 && nextLF < from) nextLF = text.indexOf("\n", from);
      if (nextCR >= 0 && nextCR < from) nextCR = text.indexOf("\r", from);
    }
    this.#line += text.slice(from);
    return events;
  }

  /** True when the stream stopped within an event (an answer cut short), false between events. */
  get partial(): boolean {
    return this.#line.length > 0 || this.#data !== null;
  }

  /** A line's part in its event; at the empty line that ends it, the event's `data` (if any). */
  #readLine(line: string): string | null {
    if (line.length === 0) {
      const data = this.#data;
      this.#data = null;
      return data === null ? null : data.join("\n");
    }
    if (line.charCodeAt(0) === 58 /* ":", a comment */) return null;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    if (field !== "data") return null;
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* " " */) value = value.slice(1);
    if (this.#data === null) this.#data = [value];
    else this.#data.push(value);
    return null;
  }
}
