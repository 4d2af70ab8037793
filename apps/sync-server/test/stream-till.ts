import { PROTOCOL_HEADER, STREAM_CONTENT_TYPE, StreamFrameReader } from "@stamp/wire-protocol";
import type { TestDevice } from "./fixtures";

/** How a stream ended as its till saw it: closed cleanly, or cut (an error, a reset). */
export type StreamEnd = "clean" | "cut";

/** A streamed answer as a test reads it, by field. */
// biome-ignore lint/suspicious/noExplicitAny: test code reads answers by field
type Answer = any;

/**
 * A till's held stream (wire protocol `pull-stream.ts`) as a test reads it: a POST with
 * `stream: true` read through its body, every answer parsed as it comes (and the till's cursor
 * moved by it), heartbeats counted. Nothing is timed: a test awaits the next answer, or the end.
 */
export class TestStream {
  readonly answers: Answer[] = [];
  heartbeats = 0;
  readonly #waiting: ((answer: Answer) => void)[] = [];
  readonly #abort = new AbortController();
  #ended: Promise<StreamEnd> | null = null;

  private constructor(
    readonly till: TestDevice,
    readonly status: number,
    readonly headers: Headers,
    /** The body of an answer that is not a stream (a refusal, or a held pull's answer). */
    readonly text: string | null,
  ) {}

  /** Asks for the stream; resolves once its head is in. */
  static async open(till: TestDevice, wait = 25, body: object = {}): Promise<TestStream> {
    const abort = new AbortController();
    const response = await (till.server.fetch ?? fetch)(`${till.server.url}/api/v1/sync`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${till.token}`,
        "content-type": "application/json",
        [PROTOCOL_HEADER]: String(till.protocol),
      },
      body: JSON.stringify({ cursor: till.cursor, events: [], wait, stream: true, ...body }),
      signal: abort.signal,
    });
    const streamed = response.headers.get("content-type") === STREAM_CONTENT_TYPE;
    const text = streamed ? null : await response.text();
    const stream = new TestStream(till, response.status, response.headers, text);
    stream.#abort.signal.addEventListener("abort", () => abort.abort());
    if (streamed && response.body) stream.#ended = stream.#read(response.body);
    return stream;
  }

  /** The next answer not yet taken by `next`. */
  #taken = 0;
  next(): Promise<Answer> {
    const at = this.#taken++;
    const had = this.answers[at];
    if (had !== undefined) return Promise.resolve(had);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** How it ended (the till hung up: "cut"). */
  ended(): Promise<StreamEnd> {
    if (!this.#ended) throw new Error(`not a stream: ${this.status} ${this.text}`);
    return this.#ended;
  }

  /** Hangs up, as a till with a scan to push does. */
  async hangUp(): Promise<void> {
    this.#abort.abort();
    await this.#ended?.catch(() => {});
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<StreamEnd> {
    const frames = new StreamFrameReader();
    try {
      for await (const chunk of body) {
        const data = frames.read(chunk);
        if (data.length === 0) this.heartbeats++;
        for (const json of data) {
          const answer = JSON.parse(json);
          this.till.cursor = answer.cursor;
          this.answers.push(answer);
          this.#waiting.shift()?.(answer);
        }
      }
      return frames.partial ? "cut" : "clean";
    } catch {
      return "cut";
    }
  }
}
