import { STREAM_CONTENT_TYPE, StreamFrameReader } from "@stamp/wire-protocol";
import type { Client } from "undici";

/**
 * BENCH_STREAM=0: simulated tills never stream their held pulls (they long-poll as before the held
 * stream), so the two can be compared on one bundle. Otherwise they stream when an answer offers
 * it (`maxStream`), as the kiosk does.
 */
export const BENCH_STREAM = process.env.BENCH_STREAM !== "0";

/** How a held pull asked as a stream ended, as the till saw it. */
export type StreamedPull =
  /** Answered as a stream, which ended cleanly, or was cut (an error, a reset, or `signal`). */
  | { readonly kind: "stream"; readonly clean: boolean }
  /** Answered as one JSON answer (no room to stream, or refused): its status and body. */
  | { readonly kind: "answer"; readonly status: number; readonly text: string };

/**
 * A simulated till's held pull asked as a stream (`body` has `stream: true`) on its connection,
 * read as the kiosk reads one (wire protocol `pull-stream.ts`): each answer's JSON handed to
 * `onAnswer` as it comes. `Accept: text/event-stream`, as the kiosk asks (a proxy that compresses
 * answers leaves a stream alone then). Network errors read as a cut stream.
 */
export async function streamPull(
  client: Client,
  headers: Record<string, string>,
  body: string,
  onAnswer: (json: Record<string, unknown>, text: string) => void,
  signal?: AbortSignal,
): Promise<StreamedPull> {
  try {
    const response = await client.request({
      path: "/api/v1/sync",
      method: "POST",
      headers: { ...headers, accept: STREAM_CONTENT_TYPE },
      body,
      ...(signal ? { signal } : {}),
    });
    if (response.headers["content-type"] !== STREAM_CONTENT_TYPE)
      return { kind: "answer", status: response.statusCode, text: await response.body.text() };
    const frames = new StreamFrameReader();
    for await (const chunk of response.body)
      for (const text of frames.read(chunk as Buffer)) onAnswer(JSON.parse(text), text);
    return { kind: "stream", clean: !frames.partial };
  } catch {
    return { kind: "stream", clean: false };
  }
}
