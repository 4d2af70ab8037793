import { cardWalletPath } from "@stamp/wire-protocol";
import type { Mode } from "../device/settings";
import { browserTimers } from "../sync/browser-timers";
import { CARD_FETCH_TIMEOUT_MS } from "../sync/card-fetch";
import type { SyncRequest } from "../sync/sync-protocol";
import { type FetchLike, type HttpResult, requestJson } from "./http";
import { type SilenceTimers, type StreamEnd, streamAnswers } from "./sync-stream";

/** The sync server's device endpoints (issue 3), on the app's own origin. */
export interface DeviceApi {
  pair(code: string, name: string, mode: Mode): Promise<HttpResult>;
  me(token: string): Promise<HttpResult>;
  /** `signal`: gives up on a held pull (a new event is to be sent, the network went). */
  sync(token: string, request: SyncRequest, signal?: AbortSignal): Promise<HttpResult>;
  /**
   * A held pull the server streams (`stream: true`): its answers one by one, then how it ended
   * (`streamAnswers`).
   */
  syncStream(
    token: string,
    request: SyncRequest,
    signal: AbortSignal,
  ): AsyncGenerator<HttpResult, StreamEnd, undefined>;
  /** A card of the device's merchant by its id or number (stamp-core SPEC N4). */
  card(token: string, reference: string): Promise<HttpResult>;
  /** Every event of one card of the merchant: a card scanned outside this till's sync scope. */
  cardEvents(token: string, cardId: string): Promise<HttpResult>;
  /** Whether a card still updates on the customer's phone (wire protocol 4 `CardWalletAnswer`). */
  cardWallet(token: string, cardId: string): Promise<HttpResult>;
}

/** `timers`: what a stream's silence is timed by. */
export function deviceApi(
  fetchFn: FetchLike,
  origin = "",
  timers: SilenceTimers = browserTimers,
): DeviceApi {
  return {
    pair: (code, name, mode) =>
      requestJson(fetchFn, "POST", `${origin}/api/v1/devices/pair`, {
        body: { code, name, mode },
      }),
    me: (token) => requestJson(fetchFn, "GET", `${origin}/api/v1/devices/me`, { token }),
    // A 500-event batch and the page pulled back can take a while on a slow uplink; a held pull
    // (wire protocol MAX_PULL_WAIT_SECONDS) is answered well within it too.
    sync: (token, request, signal) =>
      requestJson(fetchFn, "POST", `${origin}/api/v1/sync`, {
        body: request,
        token,
        timeoutMs: 60_000,
        ...(signal ? { signal } : {}),
      }),
    syncStream: (token, request, signal) =>
      streamAnswers(fetchFn, `${origin}/api/v1/sync`, { body: request, token, signal, timers }),
    card: (token, reference) =>
      requestJson(fetchFn, "GET", `${origin}/api/v1/cards/${encodeURIComponent(reference)}`, {
        token,
        timeoutMs: 8_000,
      }),
    cardEvents: (token, cardId) =>
      requestJson(fetchFn, "GET", `${origin}/api/v1/sync/cards/${encodeURIComponent(cardId)}`, {
        token,
        timeoutMs: CARD_FETCH_TIMEOUT_MS,
      }),
    cardWallet: (token, cardId) =>
      requestJson(fetchFn, "GET", `${origin}${cardWalletPath(cardId)}`, {
        token,
        timeoutMs: CARD_FETCH_TIMEOUT_MS,
      }),
  };
}
