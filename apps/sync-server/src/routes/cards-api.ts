import { cardView, looksLikeCardNumber, UUID_ANY } from "@stamp/core";
import { Hono } from "hono";
import * as v from "valibot";
import { findCard } from "../cards/card-reference";
import { enrollCard, ProfileSchema } from "../cards/enroll-card";
import { ApiError, problemResponse } from "../http/api-error";
import { type AuthEnv, authenticate, merchantOf } from "../http/authenticate";
import { idempotencyKey } from "../http/idempotency";
import { readJson } from "../http/json-body";
import { sendAnswer } from "../http/stored-response";
import type { Services } from "../services";
import { OrderFields } from "../stamps/order-stamps";
import { stampCard } from "../stamps/stamp-card";
import { cardLinks } from "../wallet/card-links";

export const EnrollRequest = v.strictObject({
  programId: v.pipe(v.string(), v.uuid("must be a UUID")),
  profile: v.optional(ProfileSchema),
});

export const StampRequest = v.strictObject({
  card: v.pipe(v.string(), v.minLength(1, "must not be empty"), v.maxLength(200, "is too long")),
  ...OrderFields,
});

export function cardRoutes(services: Services): Hono<AuthEnv> {
  return new Hono<AuthEnv>()
    .post("/cards", authenticate(services, ["api-key"]), async (c) => {
      const request = await readJson(c, EnrollRequest);
      const merchantId = merchantOf(c.get("principal"));
      const result = await enrollCard(
        services,
        { merchantId, programId: request.programId, profile: request.profile, source: "api" },
        idempotencyKey(c, request, false),
      );
      return "code" in result ? problemResponse(c, result) : sendAnswer(c, result);
    })
    .get("/cards/:cardId", authenticate(services, ["device", "api-key"]), async (c) => {
      const reference = c.req.param("cardId");
      const merchantId = merchantOf(c.get("principal"));
      const card =
        UUID_ANY.test(reference) || looksLikeCardNumber(reference)
          ? await findCard(services, merchantId, reference)
          : null;
      if (card && !card.ok && card.reason === "bad-code")
        throw new ApiError("invalid-card-code", card.message);
      if (!card?.ok) throw new ApiError("card-not-found", "no such card");
      return c.json({
        ...cardView(card.card.state, services.now()),
        number: card.card.number,
        links: cardLinks(services.publicUrl, card.card.id),
      });
    })
    .post("/stamps", authenticate(services, ["api-key"]), async (c) => {
      const request = await readJson(c, StampRequest);
      const merchantId = merchantOf(c.get("principal"));
      const key = idempotencyKey(c, request, true);
      const result = await stampCard(services, merchantId, request, key);
      return "code" in result ? problemResponse(c, result) : sendAnswer(c, result);
    });
}
