import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";

/** A request as observers are told of it; never its query (it may hold tokens). */
export interface AskedRequest {
  readonly method: string;
  readonly path: string;
  /** The route pattern it matched (`/c/:cardId`), never its raw path. */
  readonly route: string;
}

export interface AnsweredRequest extends AskedRequest {
  readonly status: number;
}

/** What is told of each answered request (the request log, the metrics) and its duration. */
export type RequestObserver = (request: AnsweredRequest, ms: number) => void;

export function askedRequest(c: Context): AskedRequest {
  return { method: c.req.method, path: c.req.path, route: routePath(c, -1) };
}

export function tellObservers(
  observers: readonly RequestObserver[],
  request: AnsweredRequest,
  ms: number,
): void {
  for (const observe of observers) observe(request, ms);
}

/** The header @hono/node-server marks an answer with that its route writes itself, later. */
const [ANSWERED_APART] = RESPONSE_ALREADY_SENT.headers.keys();

/**
 * Times each request once and tells every observer when it has been answered: one middleware for
 * all, as each one hono runs is an async step of every request. A request its route answers
 * apart from hono (a held pull, `answerHeld`) is told by the route when it answers.
 */
export function observeRequests(observers: readonly RequestObserver[]): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    if (ANSWERED_APART !== undefined && c.res.headers.has(ANSWERED_APART)) return;
    const ms = performance.now() - started;
    tellObservers(observers, { ...askedRequest(c), status: c.res.status }, ms);
  };
}
