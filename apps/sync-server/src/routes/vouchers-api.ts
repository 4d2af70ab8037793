import { Hono } from "hono";
import * as v from "valibot";
import { problemResponse } from "../http/api-error";
import { type AuthEnv, authenticate, merchantOf } from "../http/authenticate";
import { idempotencyKey } from "../http/idempotency";
import { readJson } from "../http/json-body";
import { sendAnswer } from "../http/stored-response";
import type { Services } from "../services";
import { findVoucher } from "../vouchers/find-voucher";
import { redeemVoucher } from "../vouchers/redeem-voucher";
import { redemptionPlace, voucherJson } from "../vouchers/voucher-json";

const Reference = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "must not be empty"),
  v.maxLength(200, "is too long"),
);

export const RedeemRequest = v.strictObject({ code: Reference, card: v.optional(Reference) });

/** Vouchers for a POS: redeem one by code, or look one up (API.md § Vouchers). */
export function voucherRoutes(services: Services): Hono<AuthEnv> {
  return new Hono<AuthEnv>()
    .post("/redeem", authenticate(services, ["api-key"]), async (c) => {
      const request = await readJson(c, RedeemRequest);
      const merchantId = merchantOf(c.get("principal"));
      const key = idempotencyKey(c, request, true);
      const result = await redeemVoucher(services, merchantId, request, key);
      return "code" in result ? problemResponse(c, result) : sendAnswer(c, result);
    })
    .get("/:code", authenticate(services, ["api-key"]), async (c) => {
      const merchantId = merchantOf(c.get("principal"));
      const card = c.req.query("card");
      const found = await findVoucher(services, merchantId, c.req.param("code"), card);
      if (!found.ok) return problemResponse(c, found.problem);
      const place = await redemptionPlace(services, found.card.state, found.voucher);
      return c.json(voucherJson(found.card.state, found.voucher, place, services.now()));
    });
}
