// The network between a till and its server for tests of the held stream: real `Response`s, a
// plain round answered as the test says, a streamed one held open for the test to write its bytes.

import { PROTOCOL_HEADER, STREAM_CONTENT_TYPE, streamFrame } from "@stamp/wire-protocol";
import { type FetchLike, TILL_PROTOCOL } from "../api/http";
import type { SyncRequest } from "../sync/sync-protocol";

/** A streamed answer on its way: what the server writes into it, and whether the till left it. */
export class OpenStream {
  readonly request: SyncRequest;
  left = false;
  readonly #body: ReadableStreamDefaultController<Uint8Array>;
  readonly #encoder = new TextEncoder();

  constructor(request: SyncRequest, body: ReadableStreamDefaultController<Uint8Array>) {
    this.request = request;
    this.#body = body;
  }

  /** Bytes as the network hands them over: a chunk may end anywhere. */
  write(chunk: string | Uint8Array): void {
    this.#body.enqueue(typeof chunk === "string" ? this.#encoder.encode(chunk) : chunk);
  }

  /** The server closes the stream (its time is up). */
  end(): void {
    this.#body.close();
  }

  /** The connection breaks (a reset). */
  cut(): void {
    this.#body.error(new TypeError("network error"));
  }
}

const HEADERS = { [PROTOCOL_HEADER]: String(TILL_PROTOCOL) };

/** `answer` answers the rounds that are not streamed; every request is kept, in order. */
export function streamNetwork(answer: (request: SyncRequest) => unknown) {
  const requests: SyncRequest[] = [];
  const streams: OpenStream[] = [];
  const fetch: FetchLike = async (_url, init) => {
    const request = JSON.parse(String(init.body)) as SyncRequest;
    requests.push(request);
    if (!request.stream)
      return new Response(JSON.stringify(answer(request)), {
        headers: { ...HEADERS, "Content-Type": "application/json" },
      });
    let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
    });
    const stream = new OpenStream(
      request,
      controller as unknown as ReadableStreamDefaultController<Uint8Array>,
    );
    // As a browser's fetch does: the signal errors the body being read.
    init.signal?.addEventListener("abort", () => {
      stream.left = true;
      try {
        stream.cut();
      } catch {
        // Already ended by the server.
      }
    });
    streams.push(stream);
    return new Response(body, {
      headers: { ...HEADERS, "Content-Type": STREAM_CONTENT_TYPE },
    });
  };
  return { fetch, requests, streams };
}

/** A sync answer's event on the stream, as the server frames it. */
export function answerFrame(answer: unknown): string {
  return streamFrame(JSON.stringify(answer));
}
