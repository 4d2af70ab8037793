import type { Context, MiddlewareHandler } from "hono";

/** What is told of each answered request: its context (the answer in `c.res`) and its duration. */
export type RequestObserver = (c: Context, ms: number) => void;

/**
 * Times each request once and tells every observer (the request log, the metrics) when it has
 * been answered: one middleware for all, as each one hono runs is an async step of every request.
 */
export function observeRequests(observers: readonly RequestObserver[]): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const ms = performance.now() - started;
    for (const observe of observers) observe(c, ms);
  };
}
