import { Hono } from "hono";
import { problemResponse } from "../http/api-error";
import { type AuthEnv, authenticate, merchantOf } from "../http/authenticate";
import { idempotencyKey } from "../http/idempotency";
import { readJson } from "../http/json-body";
import { sendAnswer } from "../http/stored-response";
import { createReceipt, ReceiptRequestSchema } from "../receipts/create-receipt";
import type { Services } from "../services";

export function receiptApiRoutes(services: Services): Hono<AuthEnv> {
  return new Hono<AuthEnv>().post("/", authenticate(services, ["api-key"]), async (c) => {
    const request = await readJson(c, ReceiptRequestSchema);
    const merchantId = merchantOf(c.get("principal"));
    const result = await createReceipt(
      services,
      merchantId,
      request,
      idempotencyKey(c, request, false),
    );
    return "code" in result ? problemResponse(c, result) : sendAnswer(c, result);
  });
}
