import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import {
  COMPACT_CARDS_PROTOCOL,
  cardEventsAnswerJson,
  PROTOCOL_HEADER,
  peerProtocol,
  SCOPED_SYNC_PROTOCOL,
  SyncRequestSchema,
  syncAnswerParts,
} from "@stamp/wire-protocol";
import { Hono, type MiddlewareHandler } from "hono";
import { ApiError } from "../http/api-error";
import { type AuthEnv, authenticate, authenticateTill, type TillEnv } from "../http/authenticate";
import { readJson } from "../http/json-body";
import { askedRequest, type RequestObserver } from "../http/request-observers";
import { jsonPartsAnswer } from "../http/utf8-body";
import type { ServerMetrics } from "../metrics/server-metrics";
import type { Services } from "../services";
import { CARD_HISTORY_PAGE, cardHistoryStream } from "../sync/card-history-stream";
import { compactCardBody } from "../sync/compact-card-body";
import { syncBatch } from "../sync/sync-batch";
import { answerStream } from "./held-stream-answer";
import { answerHeld } from "./held-sync-answer";
import { syncAnswer } from "./sync-answer";

type SyncEnv = AuthEnv &
  TillEnv & {
    Bindings: HttpBindings;
    Variables: { bodyRead: () => void; arrivedAt: number };
  };

/** The protocol to answer a device in; an unreadable header was refused before it got here. */
const peerVersion = (protocol: number | "unreadable") =>
  typeof protocol === "number" ? protocol : 1;

/** `observers`: the request log and metrics, which a held pull's answer (`answerHeld`) tells. */
export function syncRoutes(
  services: Services,
  metrics: ServerMetrics,
  observers: readonly RequestObserver[],
): Hono<SyncEnv> {
  // Counted from before authentication (it waits on crypto): a request is known to be arriving
  // as soon as its headers are in, until its body is read (or it is refused).
  const arriving: MiddlewareHandler<SyncEnv> = async (c, next) => {
    const bodyRead = services.syncArrivals.enter();
    c.set("bodyRead", bodyRead);
    c.set("arrivedAt", services.now());
    try {
      await next();
    } finally {
      bodyRead();
    }
  };
  const device = authenticate(services, ["device"]);
  // The round reads its device with the log's head and its place (`syncPlace`), and checks it
  // there, before anything the token names is used.
  const till = authenticateTill(services);
  return new Hono<SyncEnv>()
    .post("/", arriving, till, async (c) => {
      const claims = c.get("claims");
      const request = await readJson(c, SyncRequestSchema);
      // From here to its write being queued, the request never waits on I/O.
      c.get("bodyRead")();
      // Kiosks from before sync scopes cannot read a location's cursor: they keep the whole merchant.
      const protocol = peerProtocol(c.req.header(PROTOCOL_HEADER));
      const scoped = typeof protocol === "number" && protocol >= SCOPED_SYNC_PROTOCOL;
      // Tills from protocol 5 on hold cards as compact state (stamp-core SPEC CS1–CS6).
      const compact = typeof protocol === "number" && protocol >= COMPACT_CARDS_PROTOCOL;
      // Only a held pull streams (wire protocol `pull-stream.ts`).
      if (request.stream && (request.wait === undefined || request.events.length > 0))
        throw new ApiError("invalid-body", "stream: only a held pull (wait, no events) streams");
      // The place is taken before the pull reads, so a commit in between still wakes it.
      const seconds = request.events.length === 0 ? request.wait : undefined;
      const asked = seconds !== undefined;
      // Asked of a server that no longer streams (MAX_STREAM_SECONDS=0 since): a held pull.
      const streamed = request.stream === true && services.maxStreamSeconds > 0;
      const { deviceId: id, merchantId, locationId } = claims;
      const waiter = { id, merchantId, locationId };
      const held = streamed ? services.maxStreamSeconds : seconds;
      const wait = held !== undefined ? services.pullWaits.enter(waiter, held * 1000) : null;
      let waiting = false;
      try {
        // Its page is built in a slot of the pull gate, after its commit if it pushes (`syncBatch`).
        const sync = await syncBatch(services, claims, request, scoped, compact);
        if (!sync.ok) throw new ApiError(sync.reason, sync.message);
        const peer = peerVersion(protocol);
        if (!wait) {
          const answer = syncAnswer(services, metrics, sync.result, { held: false, asked });
          // A page is written a chunk at a time, never as one string of it (`jsonPartsAnswer`).
          return jsonPartsAnswer(c, syncAnswerParts(answer, peer));
        }
        // Held: answered on Node's response once the wait is over (streamed: as it goes on);
        // hono is done with it now.
        const { device, result, pulled } = sync;
        const round = { claims, scoped, compact };
        const arrivedAt = c.get("arrivedAt");
        const seen = askedRequest(c);
        const { cursor } = request;
        const holding = {
          device,
          wait,
          result,
          pulled,
          round,
          peer,
          arrivedAt,
          cursor,
          asked: seen,
        };
        waiting = true;
        const answer = streamed ? answerStream : answerHeld;
        void answer(services, metrics, observers, c.env.outgoing, holding);
        return RESPONSE_ALREADY_SENT;
      } finally {
        if (!waiting) wait?.leave();
      }
    })
    .get("/cards/:cardId", device, async (c) => {
      // A card scanned outside the till's scope: all of it, whatever location it was used at.
      const principal = c.get("principal");
      if (principal.kind !== "device") throw new Error("device route reached without a device");
      const cardId = c.req.param("cardId");
      const { merchantId } = principal.device;
      const card = await services.store.getCard(merchantId, cardId);
      if (!card) throw new ApiError("card-not-found", "this merchant has no such card");
      const peer = peerVersion(peerProtocol(c.req.header(PROTOCOL_HEADER)));
      const json = (body: string) => c.body(body, 200, { "content-type": "application/json" });
      // From protocol 5: the card as a snapshot and its tail, never its whole history (SPEC CS2).
      if (peer >= COMPACT_CARDS_PROTOCOL) {
        const compact = await compactCardBody(services.store, merchantId, cardId);
        if (!compact) throw new ApiError("card-not-found", "this merchant has no such card");
        return json(cardEventsAnswerJson({ compact }, peer));
      }
      // Older tills get the whole history: streamed a page at a time, however long it is.
      const readPage = (after: number) =>
        services.store.cardEventPage(merchantId, cardId, after, CARD_HISTORY_PAGE);
      return c.body(cardHistoryStream(cardId, peer, readPage), 200, {
        "content-type": "application/json",
      });
    });
}
