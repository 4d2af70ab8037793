import { UUID_ANY } from "@stamp/core";
import { Hono } from "hono";
import { CampaignRequest, createCampaign } from "../campaigns/create-campaign";
import { ApiError } from "../http/api-error";
import { type AuthEnv, authenticate, merchantOf } from "../http/authenticate";
import { idempotencyKey } from "../http/idempotency";
import { readJson } from "../http/json-body";
import type { AppServices } from "../services";
import type { CampaignRecord } from "../storage/campaign-store";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What the API says of a campaign: what it is, where it stands, its report. */
export function campaignView(campaign: CampaignRecord) {
  return {
    id: campaign.id,
    programId: campaign.programId,
    name: campaign.name,
    message: campaign.message,
    audience: campaign.audience,
    email: campaign.email === true,
    status: campaign.status,
    sendAt: iso(campaign.sendAt),
    createdAt: iso(campaign.createdAt),
    startedAt: iso(campaign.startedAt),
    finishedAt: iso(campaign.finishedAt),
    report: campaign.report,
  };
}

/** Wallet campaigns (API.md § Campaigns). */
export function campaignRoutes(services: AppServices): Hono<AuthEnv> {
  const { store } = services;
  const auth = authenticate(services, ["api-key"]);
  const owned = async (merchantId: string, id: string) => {
    const campaign = UUID_ANY.test(id) ? await store.getCampaign(merchantId, id) : null;
    if (!campaign) throw new ApiError("campaign-not-found", "no such campaign");
    return campaign;
  };
  return new Hono<AuthEnv>()
    .post("/", auth, async (c) => {
      const body = await readJson(c, CampaignRequest);
      const key = idempotencyKey(c, body, false)?.key;
      const made = await createCampaign(services, merchantOf(c.get("principal")), body, key);
      if (!made.ok) throw new ApiError(made.problem.code, made.problem.message);
      if (made.created) services.campaigns.scheduled(made.campaign.sendAt);
      return c.json(campaignView(made.campaign), made.created ? 201 : 200);
    })
    .get("/", auth, async (c) => {
      const campaigns = await store.listCampaigns(merchantOf(c.get("principal")), 100);
      return c.json({ items: campaigns.map(campaignView) });
    })
    .get("/:id", auth, async (c) => {
      return c.json(campaignView(await owned(merchantOf(c.get("principal")), c.req.param("id"))));
    })
    .post("/:id/cancel", auth, async (c) => {
      const merchantId = merchantOf(c.get("principal"));
      const campaign = await owned(merchantId, c.req.param("id"));
      if (!(await store.cancelCampaign(merchantId, campaign.id, services.now())))
        throw new ApiError(
          "campaign-not-cancellable",
          `the campaign is ${campaign.status} already`,
        );
      return c.json(campaignView(await owned(merchantId, campaign.id)));
    });
}
