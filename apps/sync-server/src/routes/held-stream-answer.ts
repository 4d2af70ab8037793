import type { ServerResponse } from "node:http";
import {
  STREAM_CONTENT_TYPE,
  STREAM_HEARTBEAT,
  STREAM_HEARTBEAT_MS,
  syncAnswerHead,
} from "@stamp/wire-protocol";
import { ApiError } from "../http/api-error";
import { writeStreamAnswer } from "../http/page-bytes";
import { type RequestObserver, tellObservers } from "../http/request-observers";
import type { ServerMetrics } from "../metrics/server-metrics";
import type { Services } from "../services";
import { heldStream, type StreamOut } from "../sync/held-stream";
import { STREAM_SEEN_RECORD_MS } from "../sync/sync-record";
import type { HeldSync } from "./held-sync-answer";
import { syncAnswer } from "./sync-answer";

/**
 * A held pull asked as a stream (`stream: true`, wire protocol `pull-stream.ts`), answered on
 * Node's response as `heldStream` goes: the head at once, then each answer as one server-sent
 * event, and between them a heartbeat comment every STREAM_HEARTBEAT_MS; every
 * STREAM_SEEN_RECORD_MS the till is recorded seen (it shows online, as an idle till does). Ends the
 * body cleanly when the stream ends, and when its device is refused at a wake (unpaired: its next
 * held pull is told so); anything else cuts the connection (logged), which the till reads as a
 * failed round. A till that hangs up (to push a scan) gives its place back at once. Told to the
 * request log and metrics once, as one request answered 200 when it ends; its answers counted.
 */
export async function answerStream(
  services: Services,
  metrics: ServerMetrics,
  observers: readonly RequestObserver[],
  outgoing: ServerResponse,
  held: HeldSync,
): Promise<void> {
  const { device, wait, peer, arrivedAt, asked } = held;
  const { timers } = wait;
  outgoing.writeHead(200, {
    "content-type": STREAM_CONTENT_TYPE,
    "cache-control": "no-store",
    "x-accel-buffering": "no",
  });
  outgoing.flushHeaders();
  const hungUp = () => wait.end();
  outgoing.once("close", hungUp);
  let writing = false;
  let beat: unknown = null;
  const beatLater = () => {
    timers.clear(beat);
    beat = timers.set(heartbeat, STREAM_HEARTBEAT_MS);
  };
  function heartbeat() {
    // Bytes of an answer under way, or waiting in the socket's buffer, say as much.
    if (!writing && !outgoing.writableNeedDrain) outgoing.write(STREAM_HEARTBEAT);
    beatLater();
  }
  let seenTimer = timers.set(recordSeen, STREAM_SEEN_RECORD_MS);
  function recordSeen() {
    // Seen, not drained: the till may be stamping offline behind a dead link (stamp-core SPEC R8).
    const seen = { deviceId: device.id, now: services.now(), skewMs: null, drained: false };
    services.store.recordSync(seen, null).catch((error: unknown) => {
      services.logger.error({ err: error, path: asked.path }, "a streaming till's record");
    });
    seenTimer = timers.set(recordSeen, STREAM_SEEN_RECORD_MS);
  }
  const out: StreamOut = {
    async answer(result, answerArrived) {
      const now = new Date(services.now()).toISOString();
      const wakeWait = { held: true, deviceId: device.id, arrivedAt: answerArrived } as const;
      const body = syncAnswer(services, metrics, { ...result, serverTime: now }, wakeWait);
      const { events, cards = [], ...fields } = body;
      writing = true;
      try {
        await wait.outlast(
          writeStreamAnswer(outgoing, syncAnswerHead(fields), events, cards, peer),
        );
      } finally {
        writing = false;
      }
      metrics.streamAnswer();
      beatLater();
    },
  };
  beatLater();
  let cut = false;
  try {
    await heldStream(services, wait, held, out);
  } catch (error) {
    if (!(error instanceof ApiError)) {
      services.logger.error({ err: error, path: asked.path }, "unhandled error");
      cut = true;
    }
  } finally {
    timers.clear(beat);
    timers.clear(seenTimer);
    outgoing.off("close", hungUp);
    wait.leave();
  }
  if (cut) outgoing.destroy();
  else outgoing.end();
  tellObservers(observers, { ...asked, status: cut ? 500 : 200 }, services.now() - arrivedAt);
}
