import {
  type AutomationDraft,
  BONUS_CHOICES,
  SETTING_FIELDS,
  TREAT_KINDS,
  type TreatKind,
} from "../../automations/automation-form";
import { AUTOMATION_KINDS, type AutomationKind } from "../../automations/automation-rule";
import { MAX_CAMPAIGN_MESSAGE_LENGTH } from "../../campaigns/campaign-message";
import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import type { AutomationSend } from "../../storage/automation-store";
import type { ProgramRecord } from "../../storage/store";
import { passLocales } from "../../wallet/program-design";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { languageName } from "./campaign-compose-page";
import { Choices, Csrf, Field, fieldId, Notice } from "./form-bits";

const OUTCOME = {
  delivered: "automations.outcome.delivered",
  pending: "automations.outcome.pending",
  "no-wallet": "automations.outcome.noWallet",
} as const satisfies Record<AutomationSend["outcome"], MessageKey>;

/** One automation as the page shows it: its form as typed, its errors, what it did. */
export interface AutomationPanel {
  readonly kind: AutomationKind;
  readonly draft: AutomationDraft;
  readonly errors: Readonly<Record<string, MessageKey>>;
  readonly sends: readonly AutomationSend[];
}

/**
 * The voucher an automation grants with its message (stamp-core SPEC G1): the birthday treat's
 * text and validity (no text, no voucher); win-back's bonus — none, a stamp or a voucher.
 */
function TreatFields(props: {
  tr: Translator;
  kind: TreatKind;
  draft: AutomationDraft;
  errors: Readonly<Record<string, MessageKey>>;
}) {
  const { tr, kind, draft, errors } = props;
  const error = (name: string) => {
    const key = errors[`settings.${name}`];
    return key ? tr.t(key) : undefined;
  };
  return (
    <>
      {kind === "win-back" ? (
        <Choices
          name="settings.bonus"
          legend={tr.t("automations.bonus.legend")}
          options={BONUS_CHOICES.map((value) => ({
            value,
            label: tr.t(`automations.bonus.${value}`),
          }))}
          checked={(value) => (draft.settings.bonus ?? "none") === value}
        />
      ) : null}
      <Field
        form={kind}
        name="settings.treat.title"
        label={tr.t(`automations.treat.title.${kind}`)}
        hint={tr.t(`automations.treat.hint.${kind}`)}
        value={draft.settings["treat.title"] ?? ""}
        error={error("treat.title")}
        maxlength={80}
      />
      <Field
        form={kind}
        name="settings.treat.validDays"
        label={tr.t("automations.treat.validDays")}
        value={draft.settings["treat.validDays"] ?? ""}
        error={error("treat.validDays")}
        inputmode="numeric"
        maxlength={3}
      />
    </>
  );
}

function Panel(props: {
  tr: Translator;
  admin: Admin;
  program: ProgramRecord;
  panel: AutomationPanel;
}) {
  const { tr, admin, panel } = props;
  const { kind, draft, errors } = panel;
  const program = props.program.program;
  const id = (name: string) => `${kind}-${fieldId(name)}`;
  return (
    <section class="panel" aria-labelledby={`automation-${kind}`} id={kind}>
      <h2 id={`automation-${kind}`}>
        {tr.t(`automations.${kind}.title`)}{" "}
        <span class={draft.enabled ? "badge badge--ok" : "badge"}>
          {tr.t(draft.enabled ? "automations.on" : "automations.paused")}
        </span>
      </h2>
      <p class="muted">{tr.t(`automations.${kind}.intro`)}</p>
      <form method="post" action={`/admin/automations/${kind}?program=${program.id}`}>
        <Csrf token={admin.csrf} />
        <label class="choice">
          <input type="checkbox" name="enabled" value="on" checked={draft.enabled} />
          {tr.t("automations.enabled")}
        </label>
        {Object.keys(SETTING_FIELDS[kind]).map((name) => (
          <Field
            form={kind}
            name={`settings.${name}`}
            label={tr.t(`automations.setting.${name}` as MessageKey)}
            value={draft.settings[name] ?? ""}
            error={
              errors[`settings.${name}`]
                ? tr.t(errors[`settings.${name}`] as MessageKey)
                : undefined
            }
            inputmode="numeric"
            maxlength={5}
          />
        ))}
        {(TREAT_KINDS as readonly string[]).includes(kind) ? (
          <TreatFields tr={tr} kind={kind as TreatKind} draft={draft} errors={errors} />
        ) : null}
        {passLocales(program).map((locale, i) => {
          const error = errors[`message.${locale}`];
          return (
            <div class="field">
              <label for={id(`message.${locale}`)}>
                {tr.t(i === 0 ? "campaigns.message.first" : "campaigns.message.other", {
                  language: languageName(tr, locale),
                })}
              </label>
              <textarea
                id={id(`message.${locale}`)}
                name={`message.${locale}`}
                lang={locale}
                dir="auto"
                rows={2}
                maxlength={MAX_CAMPAIGN_MESSAGE_LENGTH}
                aria-invalid={error ? "true" : undefined}
                aria-describedby={error ? `${id(`message.${locale}`)}-error` : undefined}
              >
                {draft.message[locale] ?? ""}
              </textarea>
              {error ? (
                <span class="field-error" id={`${id(`message.${locale}`)}-error`}>
                  {tr.t(error, { max: MAX_CAMPAIGN_MESSAGE_LENGTH })}
                </span>
              ) : null}
            </div>
          );
        })}
        <button class="button" type="submit">
          {tr.t("automations.save")}
        </button>
      </form>
      <h3>{tr.t("automations.log.title")}</h3>
      {panel.sends.length === 0 ? (
        <p class="muted">{tr.t("automations.log.empty")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{tr.t("automations.log.card")}</th>
                <th scope="col">{tr.t("automations.log.when")}</th>
                <th scope="col">{tr.t("automations.log.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {panel.sends.map((send) => (
                <tr>
                  <td>
                    <a href={`/admin/cards/${send.cardId}`}>{send.cardNumber ?? send.cardId}</a>
                  </td>
                  <td>{tr.dateTime(send.sentAt)}</td>
                  <td>{tr.t(OUTCOME[send.outcome])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A programme's automatic messages: each switched on or paused, its message and settings, its log. */
export function AutomationsPage(props: {
  tr: Translator;
  admin: Admin;
  program: ProgramRecord;
  panels: readonly AutomationPanel[];
  notice?: string | undefined;
}) {
  const { tr, admin, program } = props;
  const title = tr.t("automations.title", { program: program.program.name });
  const byKind = new Map(props.panels.map((panel) => [panel.kind, panel]));
  return (
    <AdminShell tr={tr} admin={admin} section="campaigns" title={title}>
      <PageHeader title={title} intro={tr.t("automations.intro")} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.panels.some((panel) => Object.keys(panel.errors).length > 0) ? (
        <Notice kind="error">{tr.t("automations.error.summary")}</Notice>
      ) : null}
      <div class="two-columns">
        {AUTOMATION_KINDS.map((kind) => {
          const panel = byKind.get(kind);
          return panel ? <Panel tr={tr} admin={admin} program={program} panel={panel} /> : null;
        })}
      </div>
      <p>
        <a class="button button--secondary" href="/admin/campaigns">
          {tr.t("campaigns.back")}
        </a>
      </p>
    </AdminShell>
  );
}
