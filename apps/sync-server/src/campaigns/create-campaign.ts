import { randomUUID } from "node:crypto";
import { ISO_TIME, isoToMs, NON_EMPTY_TEXT, UUID_ANY } from "@stamp/core";
import * as v from "valibot";
import { type Problem, problem } from "../http/api-error";
import { merchantDerivedId } from "../merchant-derived-id";
import type { Services } from "../services";
import { NO_REPORT } from "../storage/campaign-rows";
import type { CampaignRecord } from "../storage/campaign-store";
import { passLocales } from "../wallet/program-design";
import { AudienceSchema } from "./audience";
import { CampaignMessageSchema } from "./campaign-message";

export const CampaignRequest = v.strictObject({
  programId: v.pipe(v.string(), v.regex(UUID_ANY, "must be a program id")),
  /** For the merchant's list and report; customers never see it. */
  name: NON_EMPTY_TEXT(120),
  message: CampaignMessageSchema,
  audience: AudienceSchema,
  /** When to send it; absent or past: now. */
  sendAt: v.optional(ISO_TIME),
  /** Also e-mail it to the customers who agreed to news by e-mail (the join page's box). */
  email: v.optional(v.boolean()),
});

export type CampaignRequest = v.InferOutput<typeof CampaignRequest>;

/**
 * A campaign id from the merchant's Idempotency-Key, so a retried request makes no second campaign
 * (or from an automation's run, so instances starting it together make one).
 */
export function campaignId(merchantId: string, idempotencyKey: string | undefined): string {
  return idempotencyKey === undefined
    ? randomUUID()
    : merchantDerivedId(merchantId, idempotencyKey);
}

const sameRequest = (kept: CampaignRecord, made: CampaignRecord) =>
  JSON.stringify([
    kept.programId,
    kept.name,
    kept.message,
    kept.audience,
    kept.sendAt,
    !!kept.email,
  ]) ===
  JSON.stringify([
    made.programId,
    made.name,
    made.message,
    made.audience,
    made.sendAt,
    !!made.email,
  ]);

export type CampaignCreation =
  | { readonly ok: true; readonly campaign: CampaignRecord; readonly created: boolean }
  | { readonly ok: false; readonly problem: Problem };

/**
 * Schedules a campaign of the merchant: its program must be theirs, its message in the program's
 * languages and in its first one (the text a phone in another language shows). The same
 * Idempotency-Key again answers the campaign it made; with another request it is refused.
 */
export async function createCampaign(
  services: Pick<Services, "store" | "now">,
  merchantId: string,
  request: CampaignRequest,
  idempotencyKey?: string,
): Promise<CampaignCreation> {
  const record = await services.store.getProgram(merchantId, request.programId);
  if (!record) return { ok: false, problem: problem("program-not-found", "no such program") };
  const locales: readonly string[] = passLocales(record.program);
  const foreign = Object.keys(request.message).filter((language) => !locales.includes(language));
  if (foreign.length > 0)
    return {
      ok: false,
      problem: problem(
        "invalid-body",
        `message: the program's cards speak ${locales.join(", ")}, not ${foreign.join(", ")}`,
      ),
    };
  const first = locales[0] as string;
  if (request.message[first] === undefined)
    return {
      ok: false,
      problem: problem(
        "invalid-body",
        `message: needs a text in ${first}, the program's first language`,
      ),
    };
  const now = services.now();
  const campaign: CampaignRecord = {
    id: campaignId(merchantId, idempotencyKey),
    merchantId,
    programId: request.programId,
    name: request.name,
    message: request.message,
    audience: request.audience,
    sendAt: Math.max(now, request.sendAt === undefined ? now : (isoToMs(request.sendAt) ?? now)),
    createdAt: now,
    status: "scheduled",
    startedAt: null,
    finishedAt: null,
    report: NO_REPORT,
    ...(request.email ? { email: true } : {}),
  };
  if (await services.store.createCampaign(campaign)) return { ok: true, campaign, created: true };
  const kept = await services.store.getCampaign(merchantId, campaign.id);
  if (kept && sameRequest(kept, { ...campaign, sendAt: kept.sendAt }))
    return { ok: true, campaign: kept, created: false };
  return {
    ok: false,
    problem: problem(
      "idempotency-key-reused",
      "this Idempotency-Key was used for another campaign; use a new key",
    ),
  };
}
