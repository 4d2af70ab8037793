import { randomUUID } from "node:crypto";
import { ISO_TIME, isoToMs } from "@stamp/core";
import * as v from "valibot";
import { type Problem, problem } from "../http/api-error";
import { jsonStored } from "../http/stored-response";
import { randomToken, sha256 } from "../secrets/random-token";
import type { Services } from "../services";
import { earnedStamps, type Order, OrderFields } from "../stamps/order-stamps";
import type { Answer, IdempotencyKey } from "../storage/store";

const DAY_MS = 86_400_000;
const DEFAULT_TTL_MS = 30 * DAY_MS;
const MAX_TTL_MS = 365 * DAY_MS;

export const ReceiptRequestSchema = v.strictObject({
  programId: v.optional(v.pipe(v.string(), v.uuid("must be a UUID"))),
  ...OrderFields,
  expiresAt: v.optional(ISO_TIME),
});

export type ReceiptRequest = v.InferOutput<typeof ReceiptRequestSchema>;

export function receiptUrl(services: Services, token: string): string {
  return `${services.publicUrl}/r/${token}`;
}

/**
 * A receipt QR: a one-time claim of stamps. The token (192 random bits) lives only in the answer
 * and the printed URL; the server keeps its hash.
 */
export async function createReceipt(
  services: Services,
  merchantId: string,
  request: ReceiptRequest & Order,
  idempotency?: IdempotencyKey,
): Promise<Answer | Problem> {
  const programs = await services.store.listPrograms(merchantId);
  const program =
    request.programId === undefined
      ? programs.length === 1
        ? programs[0]
        : undefined
      : programs.find((p) => p.program.id === request.programId);
  if (!program)
    return request.programId === undefined
      ? problem("program-required", "you have several programs: send programId")
      : problem("program-not-found", `program ${request.programId} is not one of yours`);
  const earned = earnedStamps(program.program, request);
  if (!earned.ok) return earned.problem;
  const now = services.now();
  const expiresAt =
    request.expiresAt === undefined ? now + DEFAULT_TTL_MS : (isoToMs(request.expiresAt) as number);
  if (expiresAt <= now || expiresAt > now + MAX_TTL_MS)
    return problem("invalid-body", "expiresAt: must be in the future and within a year");
  const token = randomToken(24);
  const id = randomUUID();
  return services.store.createReceipt(
    {
      id,
      merchantId,
      programId: program.program.id,
      tokenHash: sha256(token),
      count: earned.stamps.count,
      amount: earned.stamps.amount ?? null,
      currency: earned.stamps.currency ?? null,
      orderRef: earned.stamps.orderRef ?? null,
      createdAt: now,
      expiresAt,
      claimedAt: null,
      cardId: null,
    },
    (receipt) =>
      jsonStored(201, {
        id,
        url: receiptUrl(services, token),
        token,
        count: receipt.count,
        expiresAt: new Date(receipt.expiresAt).toISOString(),
      }),
    idempotency,
  );
}
