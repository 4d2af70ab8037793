import type { Page } from "playwright-core";

/** A sync request the kiosk made, as the page sent it. */
export interface SyncCall {
  readonly stream: boolean;
  readonly events: number;
  /** The browser gave it up (the till left the stream, or the network went). */
  failed: boolean;
}

/** Every `POST /api/v1/sync` of `page`, in order. */
export function watchSync(page: Page): SyncCall[] {
  const calls: SyncCall[] = [];
  const byRequest = new Map<object, SyncCall>();
  page.on("request", (request) => {
    if (request.method() !== "POST" || !request.url().endsWith("/api/v1/sync")) return;
    const body = request.postDataJSON() as { stream?: boolean; events: unknown[] };
    const call = { stream: body.stream === true, events: body.events.length, failed: false };
    calls.push(call);
    byRequest.set(request, call);
  });
  page.on("requestfailed", (request) => {
    const call = byRequest.get(request);
    if (call) call.failed = true;
  });
  return calls;
}
