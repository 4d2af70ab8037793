import type { StampEvent } from "@stamp/core";
import { eitherSignal, type HttpResult } from "../api/http";
import type { StreamEnd } from "../api/sync-stream";
import type { OutboxReader } from "./outbox-reader";
import type { PullWaitRequest, SyncDeps } from "./sync-engine";

/** The answers of a streamed held pull as they come (`streamAnswers`). */
export type AnswerStream = AsyncGenerator<HttpResult, StreamEnd, undefined>;

/** The stream ended with no answer to read, and how (`StreamEnd`). */
export interface StreamEnded {
  readonly kind: "stream-ended";
  readonly end: StreamEnd;
}

/** A held pull the server streams: its answers, and the till's own way to leave it. */
export interface HeldStream {
  readonly answers: AnswerStream;
  readonly leave: AbortController;
}

/** A request on its way: the batch it carries and the answer to come. */
export interface Push {
  readonly batch: readonly StampEvent[];
  readonly held: PullWaitRequest | null;
  readonly sentAt: number;
  /** The stream ended (the server closed it, it fell silent, or it was left). */
  readonly response: Promise<HttpResult | StreamEnded>;
  /** The stream the answer comes on, the next after it too; null: a request of its own. */
  readonly stream: HeldStream | null;
}

/** The stream's next answer. */
export function streamed(stream: HeldStream, held: PullWaitRequest, sentAt: number): Push {
  const response = stream.answers
    .next()
    .then((next): HttpResult | StreamEnded =>
      next.done ? { kind: "stream-ended", end: next.value } : next.value,
    );
  return { batch: [], held, sentAt, response, stream };
}

/**
 * Takes the next batch of the outbox and sends it with the cursor; only a round with nothing to
 * push may wait on the server.
 */
export async function send(
  deps: SyncDeps,
  outbox: OutboxReader,
  batchSize: number,
  cursor: string | null,
  wait: PullWaitRequest | null,
): Promise<Push> {
  const batch = await deps.durable(() => outbox.take(batchSize));
  const held = wait !== null && batch.length === 0 ? wait : null;
  const sentAt = deps.now();
  const request = {
    cursor,
    events: batch,
    deviceTime: new Date(sentAt).toISOString(),
    ...(held ? { wait: held.seconds } : {}),
  };
  if (held?.stream && deps.openStream) {
    const leave = new AbortController();
    const answers = deps.openStream(
      { ...request, stream: true },
      eitherSignal(held.signal, leave.signal),
    );
    return streamed({ answers, leave }, held, sentAt);
  }
  return { batch, held, sentAt, response: deps.post(request, held?.signal), stream: null };
}
