import type { Audience } from "../../campaigns/audience";
import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import type { CampaignRecord, CampaignStatus } from "../../storage/campaign-store";
import type { ProgramRecord } from "../../storage/store";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { LockScreenPreview } from "./campaign-compose-page";
import { Csrf, Notice } from "./form-bits";

const STATUS = {
  scheduled: ["campaigns.status.scheduled", "badge--warn"],
  sending: ["campaigns.status.sending", "badge--warn"],
  sent: ["campaigns.status.sent", "badge--ok"],
  cancelled: ["campaigns.status.cancelled", "badge--danger"],
} as const satisfies Record<CampaignStatus, readonly [MessageKey, string]>;

function Status(props: { tr: Translator; status: CampaignStatus }) {
  const [key, kind] = STATUS[props.status];
  return <span class={`badge ${kind}`}>{props.tr.t(key)}</span>;
}

/** Who a campaign goes to, in words: "No visit for 60 days and birthday this month". */
export function audienceWords(tr: Translator, audience: Audience): string {
  const rules = audience.kind === "all-of" ? audience.rules : [audience];
  return rules
    .map((rule) => {
      switch (rule.kind) {
        case "everyone":
          return tr.t("campaigns.rule.everyone");
        case "active":
          return tr.t("campaigns.rule.active", { n: rule.days });
        case "lapsed":
          return tr.t("campaigns.rule.lapsed", { n: rule.days });
        case "close-to-reward":
          return tr.t("campaigns.rule.closeToReward", { n: rule.stampsLeft });
        case "unused-voucher":
          return tr.t("campaigns.rule.unusedVoucher");
        case "birthday-month":
          return tr.t("campaigns.rule.birthdayMonth");
        default: {
          const unreachable: never = rule;
          throw new Error(`unknown audience ${JSON.stringify(unreachable)}`);
        }
      }
    })
    .join(tr.t("campaigns.rule.and"));
}

const cancellable = (campaign: CampaignRecord) =>
  campaign.status === "scheduled" || campaign.status === "sending";

/** The merchant's campaigns, newest first, and where to write a new one. */
export function CampaignsPage(props: {
  tr: Translator;
  admin: Admin;
  campaigns: readonly CampaignRecord[];
  programs: readonly ProgramRecord[];
  notice?: string | undefined;
}) {
  const { tr, admin } = props;
  const programName = new Map(props.programs.map((p) => [p.program.id, p.program.name]));
  return (
    <AdminShell tr={tr} admin={admin} section="campaigns" title={tr.t("campaigns.title")}>
      <PageHeader title={tr.t("campaigns.title")} intro={tr.t("campaigns.intro")}>
        <div class="actions-row">
          {props.programs.map((p) => (
            <a class="button" href={`/admin/campaigns/new?program=${p.program.id}`}>
              {props.programs.length === 1
                ? tr.t("campaigns.new")
                : tr.t("campaigns.newFor", { program: p.program.name })}
            </a>
          ))}
          {props.programs.map((p) => (
            <a class="button button--secondary" href={`/admin/automations?program=${p.program.id}`}>
              {tr.t("automations.link", { program: p.program.name })}
            </a>
          ))}
        </div>
      </PageHeader>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <section class="panel table-wrap" aria-labelledby="campaign-list">
        <h2 id="campaign-list">{tr.t("campaigns.list.title")}</h2>
        {props.campaigns.length === 0 ? (
          <p class="muted">{tr.t("campaigns.empty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{tr.t("campaigns.col.name")}</th>
                <th scope="col">{tr.t("campaigns.col.when")}</th>
                <th scope="col">{tr.t("campaigns.col.status")}</th>
                <th scope="col">{tr.t("campaigns.col.reached")}</th>
              </tr>
            </thead>
            <tbody>
              {props.campaigns.map((campaign) => (
                <tr>
                  <td>
                    <a href={`/admin/campaigns/${campaign.id}`}>{campaign.name}</a>
                    <div class="muted small">
                      {programName.get(campaign.programId) ?? ""} ·{" "}
                      {audienceWords(tr, campaign.audience)}
                    </div>
                  </td>
                  <td>{tr.dateTime(campaign.sendAt)}</td>
                  <td>
                    <Status tr={tr} status={campaign.status} />
                  </td>
                  <td>{tr.number(campaign.report.recipients)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AdminShell>
  );
}

/** One campaign: what it said to whom, and what became of it. */
export function CampaignReportPage(props: {
  tr: Translator;
  admin: Admin;
  campaign: CampaignRecord;
  program: ProgramRecord | null;
  notice?: string | undefined;
  /** Why the last action was refused (a cancel that came too late). */
  problem?: string | undefined;
}) {
  const { tr, admin, campaign } = props;
  const { report } = campaign;
  const tiles: readonly (readonly [MessageKey, MessageKey, number])[] = [
    ["campaigns.report.audience", "campaigns.report.audience.hint", report.recipients],
    ["campaigns.report.delivered", "campaigns.report.delivered.hint", report.pushed],
    [
      "campaigns.report.pending",
      "campaigns.report.pending.hint",
      Math.max(0, report.listened - report.pushed),
    ],
    ["campaigns.report.failed", "campaigns.report.failed.hint", report.failures],
    ["campaigns.report.fetched", "campaigns.report.fetched.hint", report.fetched],
    [
      "campaigns.report.noWallet",
      "campaigns.report.noWallet.hint",
      report.recipients - report.listened,
    ],
    ...(campaign.email
      ? [
          ["campaigns.report.emailed", "campaigns.report.emailed.hint", report.emailed] as const,
          [
            "campaigns.report.emailFailed",
            "campaigns.report.emailFailed.hint",
            report.emailFailed,
          ] as const,
        ]
      : []),
  ];
  return (
    <AdminShell tr={tr} admin={admin} section="campaigns" title={campaign.name}>
      <PageHeader title={campaign.name} intro={audienceWords(tr, campaign.audience)}>
        <Status tr={tr} status={campaign.status} />
      </PageHeader>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.problem ? <Notice kind="error">{props.problem}</Notice> : null}
      <p>
        {campaign.status === "scheduled"
          ? tr.t("campaigns.report.scheduledFor", { date: tr.dateTime(campaign.sendAt) })
          : campaign.finishedAt === null
            ? tr.t("campaigns.report.startedAt", {
                date: tr.dateTime(campaign.startedAt ?? campaign.sendAt),
              })
            : tr.t("campaigns.report.finishedAt", { date: tr.dateTime(campaign.finishedAt) })}
      </p>
      <section class="grid" aria-label={tr.t("campaigns.report.title")}>
        {tiles.map(([label, hint, value]) => (
          <div class="stat">
            <div class="stat__label">{tr.t(label)}</div>
            <div class="stat__value">{tr.number(value)}</div>
            <div class="muted small">{tr.t(hint)}</div>
          </div>
        ))}
      </section>
      <Notice>{tr.t("campaigns.report.google")}</Notice>
      <section class="panel" aria-labelledby="campaign-message">
        <h2 id="campaign-message">{tr.t("campaigns.message.title")}</h2>
        <div class="grid">
          {Object.entries(campaign.message).map(([locale, text]) => (
            <LockScreenPreview
              tr={tr}
              merchantName={admin.merchantName}
              programName={props.program?.program.name ?? ""}
              text={text}
              locale={locale}
            />
          ))}
        </div>
      </section>
      <div class="actions-row">
        {cancellable(campaign) ? (
          // Asks first (admin-kit askFirst): this post only opens the confirmation page.
          <form method="post" action={`/admin/campaigns/${campaign.id}/cancel`}>
            <Csrf token={admin.csrf} />
            <button class="button button--danger" type="submit">
              {tr.t("campaigns.cancel")}
            </button>
          </form>
        ) : null}
        <a class="button button--secondary" href="/admin/campaigns">
          {tr.t("campaigns.back")}
        </a>
      </div>
    </AdminShell>
  );
}
