import type { ServerResponse } from "node:http";
import { syncAnswerHead, syncPageParts } from "@stamp/wire-protocol";
import { ApiError, errorAnswer } from "../http/api-error";
import { pageBytes, writeHeadAndPage } from "../http/page-bytes";
import { type AskedRequest, type RequestObserver, tellObservers } from "../http/request-observers";
import { writeJsonParts } from "../http/utf8-body";
import type { ServerMetrics } from "../metrics/server-metrics";
import type { Services } from "../services";
import type { DeviceRecord } from "../storage/store";
import { heldPull } from "../sync/held-pull";
import type { HeldRound } from "../sync/moved-pull";
import type { PullWait } from "../sync/pull-wait";
import type { PullPoint } from "../sync/round-page";
import type { SyncResult } from "../sync/sync-batch";
import { syncAnswer } from "./sync-answer";

/** What a held pull's answer is made of, once its round has read its first page. */
export interface HeldSync {
  readonly device: DeviceRecord;
  readonly wait: PullWait;
  readonly result: SyncResult;
  readonly pulled: PullPoint;
  readonly round: HeldRound;
  /** The till's wire protocol version (its answer is written in it). */
  readonly peer: number;
  /** When its request arrived (`services.now()`), for its `waitAfterMs` and its duration. */
  readonly arrivedAt: number;
  /** The cursor the till asked from. */
  readonly cursor: string | null;
  /** The request, as the request log and metrics are told of it once answered. */
  readonly asked: AskedRequest;
}

/**
 * Holds a pull (`heldPull`) and answers it on Node's response, apart from the request's hono
 * handling, which is over as the wait begins: a thousand tills idle on held pulls each kept the
 * whole of it suspended through the wait — a frame of every middleware and of hono's dispatch
 * around each, the request's context with its two dozen closures — ~17 kB a pull, promoted by
 * the scavenges and marked again by every mark-compact while busy tills' rounds waited (issues
 * 13/16). What waits now is the wait, the answer's first page and the response.
 *
 * Answered as the app's error handler would (a refusal at its wake, such as a device revoked
 * meanwhile: its 4xx; anything else: 500, logged), and told to the request log and metrics
 * (`observers`) as answered, with the time since it arrived, as any other request.
 */
export async function answerHeld(
  services: Services,
  metrics: ServerMetrics,
  observers: readonly RequestObserver[],
  outgoing: ServerResponse,
  held: HeldSync,
): Promise<void> {
  const { device, wait, result, pulled, round, peer, arrivedAt, asked } = held;
  let status = 200;
  try {
    const answer = await heldPull(services, device, wait, result, pulled, round);
    const body = syncAnswer(services, metrics, answer, {
      held: true,
      deviceId: device.id,
      arrivedAt,
    });
    // The page's part is encoded once for the tills woken with it; only the fields are their own.
    const { events, cards = [], ...fields } = body;
    const head = syncAnswerHead(fields);
    const page = pageBytes(events, cards, peer);
    if (page !== null) writeHeadAndPage(outgoing, head, page);
    else writeJsonParts(outgoing, syncPageParts(events, cards, peer, head));
  } catch (error) {
    if (!(error instanceof ApiError))
      services.logger.error({ err: error, path: asked.path }, "unhandled error");
    status = writeError(outgoing, error);
  } finally {
    wait.leave();
  }
  tellObservers(observers, { ...asked, status }, services.now() - arrivedAt);
}

/**
 * An error's answer (`errorAnswer`) on Node's response, and its status; the connection is cut
 * when part of an answer was sent already (or the error's own answer fails): nothing of it is
 * left to reject unhandled.
 */
function writeError(outgoing: ServerResponse, error: unknown): number {
  try {
    if (outgoing.headersSent) {
      outgoing.destroy();
      return outgoing.statusCode;
    }
    const { status, body, headers } = errorAnswer(error);
    const json = JSON.stringify(body);
    outgoing.writeHead(status, {
      ...headers,
      "content-type": "application/json",
      "content-length": Buffer.byteLength(json),
    });
    outgoing.end(json);
    return status;
  } catch {
    outgoing.destroy();
    return 500;
  }
}
