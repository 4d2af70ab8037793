import {
  type CampaignDraft,
  type DraftErrors,
  FORM_RULES,
  type FormRule,
} from "../../campaigns/campaign-form";
import { MAX_CAMPAIGN_MESSAGE_LENGTH } from "../../campaigns/campaign-message";
import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import type { ProgramRecord } from "../../storage/store";
import { passLocales } from "../../wallet/program-design";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Csrf, Field, fieldId, Notice } from "./form-bits";

const RULE_LABEL = {
  active: "campaigns.rule.active",
  lapsed: "campaigns.rule.lapsed",
  "close-to-reward": "campaigns.rule.closeToReward",
  "unused-voucher": "campaigns.rule.unusedVoucher",
  "birthday-month": "campaigns.rule.birthdayMonth",
} as const satisfies Record<FormRule, MessageKey>;

/** The number each rule takes, as a form field. */
const RULE_NUMBER: Partial<Record<FormRule, "activeDays" | "lapsedDays" | "stampsLeft">> = {
  active: "activeDays",
  lapsed: "lapsedDays",
  "close-to-reward": "stampsLeft",
};

/** A language's name in the admin's language, e.g. "de" → "German". */
export function languageName(tr: Translator, locale: string): string {
  return new Intl.DisplayNames([tr.locale], { type: "language" }).of(locale) ?? locale;
}

/** The message as a phone's lock screen shows it: the shop's name, "now", the text. */
export function LockScreenPreview(props: {
  tr: Translator;
  merchantName: string;
  programName: string;
  text: string;
  locale: string;
}) {
  const { tr } = props;
  return (
    <figure class="lockscreen" lang={props.locale}>
      <div class="lockscreen__clock" aria-hidden="true">
        9:41
      </div>
      <div class="lockscreen__note">
        <div class="lockscreen__head">
          <span class="lockscreen__icon" aria-hidden="true">
            ★
          </span>
          <strong>{props.merchantName}</strong>
          <span class="lockscreen__when">{tr.t("campaigns.preview.now")}</span>
        </div>
        <p class="lockscreen__text">{props.text}</p>
      </div>
      <figcaption class="muted small">
        {tr.t("campaigns.preview.caption", {
          language: languageName(tr, props.locale),
          program: props.programName,
        })}
      </figcaption>
    </figure>
  );
}

export interface CampaignCheck {
  /** Cards the audience holds now. */
  readonly audienceSize: number;
  /** The previewed request's fingerprint, sent back with the send button. */
  readonly fingerprint: string;
}

/** Writing a campaign: the message per language, the audience, when; then its preview and size. */
export function CampaignComposePage(props: {
  tr: Translator;
  admin: Admin;
  program: ProgramRecord;
  draft: CampaignDraft;
  requestKey: string;
  errors?: DraftErrors | undefined;
  problem?: string | undefined;
  check?: CampaignCheck | undefined;
}) {
  const { tr, admin, draft, check } = props;
  const program = props.program.program;
  const locales = passLocales(program);
  const errors = props.errors ?? {};
  const say = (field: string) => {
    const error = errors[field];
    return error ? tr.t(error.key, { max: error.max ?? 0 }) : undefined;
  };
  const title = tr.t("campaigns.new.title", { program: program.name });
  return (
    <AdminShell tr={tr} admin={admin} section="campaigns" title={title}>
      <PageHeader title={title} intro={tr.t("campaigns.new.intro")} />
      {props.problem ? <Notice kind="error">{props.problem}</Notice> : null}
      {Object.keys(errors).length > 0 ? (
        <Notice kind="error">{tr.t("campaigns.error.summary")}</Notice>
      ) : null}
      <form method="post" action={`/admin/campaigns/new?program=${program.id}`}>
        <Csrf token={admin.csrf} />
        <input type="hidden" name="requestKey" value={props.requestKey} />
        {check ? <input type="hidden" name="fingerprint" value={check.fingerprint} /> : null}
        <div class="two-columns">
          <section class="panel" aria-labelledby="compose-message">
            <h2 id="compose-message">{tr.t("campaigns.message.title")}</h2>
            <Field
              name="name"
              label={tr.t("campaigns.name")}
              hint={tr.t("campaigns.name.hint")}
              value={draft.name}
              error={say("name")}
              maxlength={120}
              required
            />
            {locales.map((locale, i) => {
              const id = fieldId(`message.${locale}`);
              const error = say(`message.${locale}`);
              return (
                <div class="field">
                  <label for={id}>
                    {tr.t(i === 0 ? "campaigns.message.first" : "campaigns.message.other", {
                      language: languageName(tr, locale),
                    })}
                  </label>
                  <span class="hint" id={`${id}-hint`}>
                    {tr.t(i === 0 ? "campaigns.message.firstHint" : "campaigns.message.otherHint", {
                      max: MAX_CAMPAIGN_MESSAGE_LENGTH,
                    })}
                  </span>
                  <textarea
                    id={id}
                    name={`message.${locale}`}
                    lang={locale}
                    dir="auto"
                    rows={3}
                    maxlength={MAX_CAMPAIGN_MESSAGE_LENGTH}
                    required={i === 0}
                    aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
                    aria-invalid={error ? "true" : undefined}
                  >
                    {draft.message[locale] ?? ""}
                  </textarea>
                  {error ? (
                    <span class="field-error" id={`${id}-error`}>
                      {error}
                    </span>
                  ) : null}
                </div>
              );
            })}
          </section>
          <section class="panel" aria-labelledby="compose-audience">
            <h2 id="compose-audience">{tr.t("campaigns.audience.title")}</h2>
            <fieldset>
              <legend>{tr.t("campaigns.audience.legend")}</legend>
              <span class="hint">{tr.t("campaigns.audience.hint")}</span>
              <div class="choices">
                {FORM_RULES.map((rule) => {
                  const number = RULE_NUMBER[rule];
                  return (
                    <div class="choice choice--with-number">
                      <label>
                        <input
                          type="checkbox"
                          name="rule"
                          value={rule}
                          checked={draft.rules.includes(rule)}
                        />
                        {tr.t(RULE_LABEL[rule], { n: "N" })}
                      </label>
                      {number ? (
                        <Field
                          name={number}
                          label={tr.t(`campaigns.number.${number}`)}
                          value={draft[number]}
                          error={say(number)}
                          inputmode="numeric"
                          maxlength={4}
                        />
                      ) : null}
                    </div>
                  );
                })}
              </div>
            </fieldset>
            <label class="choice">
              <input type="checkbox" name="email" value="on" checked={draft.email} />
              {tr.t("campaigns.email")}
            </label>
            <p class="hint">{tr.t("campaigns.email.hint")}</p>
            <fieldset>
              <legend>{tr.t("campaigns.when.legend")}</legend>
              <div class="choices">
                <label class="choice">
                  <input type="radio" name="when" value="now" checked={draft.when === "now"} />
                  {tr.t("campaigns.when.now")}
                </label>
                <label class="choice">
                  <input type="radio" name="when" value="later" checked={draft.when === "later"} />
                  {tr.t("campaigns.when.later")}
                </label>
              </div>
              <div class="field">
                <label for="f-sendAt">{tr.t("campaigns.sendAt")}</label>
                <span class="hint" id="f-sendAt-hint">
                  {tr.t("campaigns.sendAt.hint")}
                </span>
                <input
                  id="f-sendAt"
                  type="datetime-local"
                  name="sendAt"
                  value={draft.sendAt}
                  aria-describedby={`f-sendAt-hint${say("sendAt") ? " f-sendAt-error" : ""}`}
                  aria-invalid={say("sendAt") ? "true" : undefined}
                />
                {say("sendAt") ? (
                  <span class="field-error" id="f-sendAt-error">
                    {say("sendAt")}
                  </span>
                ) : null}
              </div>
            </fieldset>
          </section>
        </div>
        {check ? (
          <section class="panel" aria-labelledby="compose-check">
            <h2 id="compose-check">{tr.t("campaigns.check.title")}</h2>
            <p class="stat__value" data-testid="audience-size">
              {tr.plural("campaigns.check.size", check.audienceSize)}
            </p>
            {check.audienceSize === 0 ? (
              <Notice kind="warn">{tr.t("campaigns.check.empty")}</Notice>
            ) : null}
            <p class="muted">{tr.t("campaigns.check.google")}</p>
            <div class="grid">
              {locales
                .filter((locale) => (draft.message[locale] ?? "") !== "")
                .map((locale) => (
                  <LockScreenPreview
                    tr={tr}
                    merchantName={admin.merchantName}
                    programName={program.name}
                    text={draft.message[locale] ?? ""}
                    locale={locale}
                  />
                ))}
            </div>
          </section>
        ) : null}
        <div class="actions-row">
          <button
            class={check ? "button button--secondary" : "button"}
            type="submit"
            name="intent"
            value="check"
          >
            {tr.t(check ? "campaigns.checkAgain" : "campaigns.check")}
          </button>
          {check ? (
            <button class="button" type="submit" name="intent" value="send">
              {tr.t(draft.when === "later" ? "campaigns.schedule" : "campaigns.sendNow", {
                count: tr.number(check.audienceSize),
              })}
            </button>
          ) : null}
          <a class="button button--secondary" href="/admin/campaigns">
            {tr.t("campaigns.back")}
          </a>
        </div>
      </form>
    </AdminShell>
  );
}
