import { UUID_ANY } from "@stamp/core";
import { Hono } from "hono";
import * as v from "valibot";
import { apiKeyActor } from "../audit/audit-log";
import { flagNames, fraudFlagJson } from "../fraud/fraud-flag-json";
import { reviewFraudFlag } from "../fraud/review-fraud-flag";
import { ApiError, problemResponse } from "../http/api-error";
import { type AuthEnv, authenticate, merchantOf } from "../http/authenticate";
import { readJson } from "../http/json-body";
import type { Services } from "../services";
import { FRAUD_STATUSES } from "../storage/fraud-store";

/** Flags per page. */
const PAGE = 50;

export const FraudFlagQuery = v.strictObject({
  status: v.optional(v.picklist(FRAUD_STATUSES, "must be open, confirmed or dismissed"), "open"),
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[0-9]{1,16}\.[0-9a-f-]{36}$/, "must be a cursor from an earlier answer"),
    ),
  ),
});

export const FraudReviewRequest = v.strictObject({
  decision: v.picklist(["confirm", "dismiss"], "must be confirm or dismiss"),
  note: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, "must not be empty"),
    v.maxLength(500, "is too long"),
  ),
});

/**
 * Staff-fraud flags for integrators (API.md § Fraud flags): the merchant's flags of a status,
 * newest first, and their review — the admin queue's, audited alike.
 */
export function fraudFlagRoutes(services: Services): Hono<AuthEnv> {
  const { store } = services;
  const auth = authenticate(services, ["api-key"]);
  return new Hono<AuthEnv>()
    .get("/", auth, async (c) => {
      const query = v.safeParse(FraudFlagQuery, c.req.query());
      if (!query.success)
        throw new ApiError(
          "invalid-query",
          query.issues.map((i) => `${v.getDotPath(i) ?? "query"} ${i.message}`).join("; "),
        );
      const merchantId = merchantOf(c.get("principal"));
      const [at, id] = query.output.cursor?.split(".") ?? [];
      const [page, names] = await Promise.all([
        store.listFraudFlags(
          merchantId,
          { status: query.output.status, locations: null },
          at && id ? { raisedAt: Number(at), id } : null,
          PAGE,
        ),
        flagNames(store, merchantId),
      ]);
      const last = page.at(-1);
      return c.json({
        items: page.map((flag) => fraudFlagJson(flag, names)),
        next: page.length === PAGE && last ? `${last.raisedAt}.${last.id}` : null,
      });
    })
    .post("/:id/review", auth, async (c) => {
      const request = await readJson(c, FraudReviewRequest);
      const principal = c.get("principal");
      const merchantId = merchantOf(principal);
      const id = c.req.param("id");
      const flag = UUID_ANY.test(id) ? await store.getFraudFlag(merchantId, id) : null;
      if (!flag) throw new ApiError("fraud-flag-not-found", "no such fraud flag");
      const status = request.decision === "confirm" ? "confirmed" : "dismissed";
      const result = await reviewFraudFlag(
        services,
        apiKeyActor(principal),
        flag,
        status,
        request.note,
      );
      if ("code" in result) return problemResponse(c, result);
      return c.json(fraudFlagJson(result.flag, await flagNames(store, merchantId)));
    });
}
