import { msToIso } from "@stamp/core";
import { Hono } from "hono";
import * as v from "valibot";
import { apiKeyActor, recordAudit } from "../audit/audit-log";
import { customersCsv } from "../exports/customer-csv";
import { eventsCsv } from "../exports/event-csv";
import { rangeBound } from "../exports/export-range";
import { ApiError } from "../http/api-error";
import { type AuthEnv, authenticate, merchantOf } from "../http/authenticate";
import { takeToken } from "../http/rate-limit";
import type { Services } from "../services";
import type { TimeRange } from "../storage/export-store";

const BOUND = v.pipe(v.string(), v.maxLength(40, "is too long"));

export const EventExportQuery = v.strictObject({
  from: v.optional(BOUND),
  to: v.optional(BOUND),
});

/** `from`/`to` of an events export: calendar days (UTC, both included) or instants with offsets. */
export function exportRange(query: Record<string, string>): TimeRange {
  const parsed = v.safeParse(EventExportQuery, query);
  if (!parsed.success)
    throw new ApiError(
      "invalid-query",
      parsed.issues.map((i) => `${v.getDotPath(i) ?? "query"} ${i.message}`).join("; "),
    );
  const bound = (name: "from" | "to", fallback: number) => {
    const text = parsed.output[name];
    if (text === undefined) return fallback;
    const ms = rangeBound(text, name === "to");
    if (ms === null)
      throw new ApiError(
        "invalid-query",
        `${name} must be a day like 2026-11-30 or an instant like 2026-11-30T18:00:00+01:00`,
      );
    return ms;
  };
  const range = { from: bound("from", 0), to: bound("to", Number.MAX_SAFE_INTEGER) };
  if (range.from >= range.to) throw new ApiError("invalid-query", "from must come before to");
  return range;
}

/** An attachment streamed as it is read, named for what it holds and the day it was made. */
function csvAnswer(body: ReadableStream<Uint8Array>, name: string, now: number): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}-${msToIso(now).slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
}

/** CSV exports of a merchant's customers and events (API.md § Exports). */
export function exportRoutes(services: Services): Hono<AuthEnv> {
  const { store } = services;
  const auth = authenticate(services, ["api-key"]);
  const limited = async (merchantId: string) =>
    takeToken(services.limits.exports, merchantId, services.now());
  return new Hono<AuthEnv>()
    .get("/customers.csv", auth, async (c) => {
      const merchantId = merchantOf(c.get("principal"));
      await limited(merchantId);
      await recordAudit(services, apiKeyActor(c.get("principal")), "export.customers");
      const now = services.now();
      return csvAnswer(customersCsv(store, merchantId, now), "customers", now);
    })
    .get("/events.csv", auth, async (c) => {
      const merchantId = merchantOf(c.get("principal"));
      const range = exportRange(c.req.query());
      await limited(merchantId);
      await recordAudit(services, apiKeyActor(c.get("principal")), "export.events", null, {
        from: c.req.query("from") ?? null,
        to: c.req.query("to") ?? null,
      });
      return csvAnswer(eventsCsv(store, merchantId, range), "events", services.now());
    });
}
