import { Hono } from "hono";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { requestLog } from "./request-log";
import { observeRequests, type RequestObserver } from "./request-observers";

describe("observeRequests", () => {
  it("tells every observer of each answered request once, with its answer and duration", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: "info", base: null },
      { write: (line) => lines.push(JSON.parse(line)) },
    );
    const seen: [string, number, number][] = [];
    const counter: RequestObserver = (request, ms) => seen.push([request.path, request.status, ms]);
    const app = new Hono();
    app.use(observeRequests([requestLog(logger), counter]));
    app.get("/r/:token", (c) => c.text("receipt"));
    app.post("/api/v1/sync", (c) => c.json({}, 201));

    await app.request("/r/secret-token?x=1");
    await app.request("/api/v1/sync?token=t", { method: "POST" });
    await app.request("/nowhere");

    expect(lines.map(({ method, path, status, msg }) => ({ method, path, status, msg }))).toEqual([
      { method: "GET", path: "/r/:token", status: 200, msg: "request" },
      { method: "POST", path: "/api/v1/sync", status: 201, msg: "request" },
      { method: "GET", path: "/nowhere", status: 404, msg: "request" },
    ]);
    expect(seen.map(([path, status]) => [path, status])).toEqual([
      ["/r/secret-token", 200],
      ["/api/v1/sync", 201],
      ["/nowhere", 404],
    ]);
    for (const line of lines) expect(line.ms).toBeTypeOf("number");
    for (const [, , ms] of seen) expect(ms).toBeGreaterThanOrEqual(0);
  });
});
