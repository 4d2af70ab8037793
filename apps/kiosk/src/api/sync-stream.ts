import { STREAM_CONTENT_TYPE, STREAM_SILENCE_MS, StreamFrameReader } from "@stamp/wire-protocol";
import type { Timers } from "../sync/sync-scheduler";
import {
  eitherSignal,
  type FetchLike,
  type HttpResult,
  networkFailure,
  outdatedAnswer,
  readAnswer,
  requestHeaders,
} from "./http";

/** The timers the stream's silence is watched with (the page's; a test's driven clock). */
export type SilenceTimers = Pick<Timers, "set" | "clear">;

/**
 * How a stream ended that yielded no failure: closed by the server or left by the till (`ended`);
 * fallen silent after bytes of it were heard (`silent`: a dead Wi-Fi link gives no error); or
 * `unheard`: silent from the start, not one byte of its body in STREAM_SILENCE_MS although the
 * server writes a heartbeat every STREAM_HEARTBEAT_MS — something on the way (a proxy that
 * buffers or compresses `text/event-stream`) holds its bytes back.
 */
export type StreamEnd = "ended" | "silent" | "unheard";

/**
 * A held pull answered as a stream (wire protocol `pull-stream`): each answer as it arrives, read
 * as `requestJson` reads one. It ends (returns how, `StreamEnd`) when the server closes the
 * stream, when `signal` gives it up, or when nothing at all (no answer, no heartbeat) came for
 * STREAM_SILENCE_MS, and the caller starts over. A failure is the last thing yielded: the
 * request's, the server's answer that is no stream (an error, or one JSON answer), a stream cut
 * within an answer, or an answer that is not JSON.
 */
export async function* streamAnswers(
  fetchFn: FetchLike,
  url: string,
  options: {
    readonly body: unknown;
    readonly token: string;
    readonly signal: AbortSignal;
    readonly timers: SilenceTimers;
  },
): AsyncGenerator<HttpResult, StreamEnd, undefined> {
  const { timers, signal } = options;
  const silence = new AbortController();
  let watch: unknown = null;
  let anyByte = false;
  const heard = () => {
    if (watch !== null) timers.clear(watch);
    watch = timers.set(() => silence.abort(new Error("the stream fell silent")), STREAM_SILENCE_MS);
  };
  // Given up (by the caller, or for silence): whatever the request threw then is no failure.
  const left = () => signal.aborted || silence.signal.aborted;
  const end = (): StreamEnd => {
    if (signal.aborted || !silence.signal.aborted) return "ended";
    return anyByte ? "silent" : "unheard";
  };
  heard();
  try {
    let response: Response;
    try {
      response = await fetchFn(url, {
        method: "POST",
        headers: requestHeaders(STREAM_CONTENT_TYPE, { token: options.token, json: true }),
        cache: "no-store",
        signal: eitherSignal(signal, silence.signal),
        body: JSON.stringify(options.body),
      });
    } catch (error) {
      if (!left()) yield networkFailure(error);
      return end();
    }
    const body = response.body;
    const streamed = response.headers.get("Content-Type")?.startsWith(STREAM_CONTENT_TYPE);
    if (!response.ok || !streamed || body === null) {
      yield await readAnswer(response);
      return "ended";
    }
    const outdated = outdatedAnswer(response);
    if (outdated !== null) {
      yield outdated;
      return "ended";
    }
    const reader = body.getReader();
    const frames = new StreamFrameReader();
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (!left()) yield networkFailure(error);
          return end();
        }
        if (chunk.done) {
          if (frames.partial)
            yield { kind: "network", message: "the stream ended within an answer" };
          return "ended";
        }
        anyByte = true;
        heard();
        for (const data of frames.read(chunk.value)) {
          let answer: unknown;
          try {
            answer = JSON.parse(data);
          } catch {
            yield { kind: "network", message: "answer was not JSON" };
            return "ended";
          }
          yield { kind: "ok", status: response.status, body: answer };
        }
      }
    } finally {
      // Left early by the caller (or failed): the server's stream is closed, not left running.
      reader.cancel().catch(() => {});
    }
  } finally {
    if (watch !== null) timers.clear(watch);
  }
}
