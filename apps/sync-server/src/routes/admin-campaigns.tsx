import { randomUUID } from "node:crypto";
import { type Context, Hono } from "hono";
import { type AdminEnv, requireAdmin } from "../admin/admin-session";
import { CampaignComposePage } from "../admin/pages/campaign-compose-page";
import { CampaignReportPage, CampaignsPage } from "../admin/pages/campaigns-page";
import { inAudience } from "../campaigns/audience";
import { EMPTY_DRAFT, readDraft, requestFingerprint } from "../campaigns/campaign-form";
import { createCampaign } from "../campaigns/create-campaign";
import type { Problem } from "../http/api-error";
import type { MessageKey } from "../i18n/en";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import { passLocales } from "../wallet/program-design";
import {
  askFirst,
  confirmed,
  field,
  forgery,
  form,
  notice,
  queriedProgram,
  tr,
  UUID,
} from "./admin-kit";

const NOTICES = {
  sending: "campaigns.notice.sending",
  scheduled: "campaigns.notice.scheduled",
  cancelled: "campaigns.notice.cancelled",
} as const satisfies Record<string, MessageKey>;

/** What the API's refusals mean to a merchant on the form. */
const PROBLEMS: Partial<Record<Problem["code"], MessageKey>> = {
  "program-not-found": "campaigns.problem.program",
  "idempotency-key-reused": "campaigns.problem.reused",
};

/**
 * `/admin/campaigns` (owners and managers): the campaigns and their reports; writing one (the
 * message per language with a lock-screen preview, the audience with its size) through the API's
 * own validation and `createCampaign`; cancelling a scheduled or sending one after asking.
 */
export function adminCampaignRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const guard = requireAdmin(services, forgery);
  const programOf = (c: Context<AdminEnv>) => queriedProgram(store, c);
  const campaignOf = async (c: Context<AdminEnv>) => {
    const id = c.req.param("id") ?? "";
    return UUID.test(id) ? store.getCampaign(c.get("admin").merchantId, id) : null;
  };
  return new Hono<AdminEnv>()
    .use("/campaigns", guard)
    .use("/campaigns/*", guard)
    .get("/campaigns", async (c) => {
      const { merchantId } = c.get("admin");
      const [campaigns, programs] = await Promise.all([
        store.listCampaigns(merchantId, 100),
        store.listPrograms(merchantId),
      ]);
      return sendPage(
        c,
        <CampaignsPage
          tr={tr}
          admin={c.get("admin")}
          campaigns={campaigns}
          programs={programs}
          notice={notice(c, NOTICES)}
        />,
      );
    })
    .get("/campaigns/new", async (c) => {
      const program = await programOf(c);
      if (!program) return c.notFound();
      return sendPage(
        c,
        <CampaignComposePage
          tr={tr}
          admin={c.get("admin")}
          program={program}
          draft={EMPTY_DRAFT}
          requestKey={randomUUID()}
        />,
      );
    })
    .post("/campaigns/new", async (c) => {
      const program = await programOf(c);
      if (!program) return c.notFound();
      const admin = c.get("admin");
      const fields = await form(c);
      const sentKey = field(fields, "requestKey");
      const requestKey = UUID.test(sentKey) ? sentKey : randomUUID();
      const now = services.now();
      const read = readDraft(fields, program.program.id, passLocales(program.program), now);
      const page = (extra: object, status: 200 | 409 | 422) =>
        sendPage(
          c,
          <CampaignComposePage
            tr={tr}
            admin={admin}
            program={program}
            draft={read.draft}
            requestKey={requestKey}
            {...extra}
          />,
          status,
        );
      if (!read.ok) return page({ errors: read.errors }, 422);
      const fingerprint = requestFingerprint(read.request);
      if (field(fields, "intent") === "send" && field(fields, "fingerprint") === fingerprint) {
        const made = await createCampaign(
          services,
          admin.merchantId,
          read.request,
          `admin-form:${requestKey}`,
        );
        if (made.ok) {
          if (made.created) services.campaigns.scheduled(made.campaign.sendAt);
          return c.redirect(
            `/admin/campaigns/${made.campaign.id}?notice=${read.request.sendAt === undefined ? "sending" : "scheduled"}`,
            303,
          );
        }
        const key = PROBLEMS[made.problem.code];
        return page({ problem: key ? tr.t(key) : made.problem.message }, 409);
      }
      const { audience } = read.request;
      const audienceSize = await store.countAudience(admin.merchantId, program.program.id, (card) =>
        inAudience(audience, card, now),
      );
      const changed = field(fields, "intent") === "send";
      return page(
        {
          check: { audienceSize, fingerprint },
          ...(changed ? { problem: tr.t("campaigns.problem.changed") } : {}),
        },
        200,
      );
    })
    .get("/campaigns/:id", async (c) => {
      const campaign = await campaignOf(c);
      if (!campaign) return c.notFound();
      const program = await store.getProgram(c.get("admin").merchantId, campaign.programId);
      return sendPage(
        c,
        <CampaignReportPage
          tr={tr}
          admin={c.get("admin")}
          campaign={campaign}
          program={program}
          notice={notice(c, NOTICES)}
        />,
      );
    })
    .post("/campaigns/:id/cancel", async (c) => {
      const campaign = await campaignOf(c);
      if (!campaign) return c.notFound();
      const admin = c.get("admin");
      const back = `/admin/campaigns/${campaign.id}`;
      if (!confirmed(await form(c)))
        return askFirst(c, {
          section: "campaigns",
          title: tr.t("campaigns.cancel.title", { name: campaign.name }),
          body: tr.t(
            campaign.status === "sending"
              ? "campaigns.cancel.bodySending"
              : "campaigns.cancel.bodyScheduled",
            { count: tr.number(campaign.report.recipients) },
          ),
          action: `${back}/cancel`,
          confirmLabel: tr.t("campaigns.cancel.yes"),
          back,
        });
      if (await store.cancelCampaign(admin.merchantId, campaign.id, services.now()))
        return c.redirect(`${back}?notice=cancelled`, 303);
      const now = (await campaignOf(c)) ?? campaign;
      const program = await store.getProgram(admin.merchantId, now.programId);
      return sendPage(
        c,
        <CampaignReportPage
          tr={tr}
          admin={admin}
          campaign={now}
          program={program}
          problem={tr.t("campaigns.problem.notCancellable")}
        />,
        409,
      );
    });
}
