import { CHANNELS, CODE_FORMATS, DEFAULT_EXPIRY_REMINDER_DAYS, STAMP_ICONS } from "@stamp/core";
import type { Child } from "hono/jsx";
import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import { WALLET_LOCALES } from "../../wallet/messages/wallet-messages";
import type { Admin } from "../admin-session";
import { amountInMinorUnits, WALLET_OPTIONS } from "../program-form";
import { AdminShell, PageHeader } from "./admin-shell";
import { errorAnchor, fieldLabel } from "./editor-errors";
import { type EditorValues, fieldValue, listOf } from "./editor-values";
import { Choices, Csrf, Field, fieldId, Notice, Select } from "./form-bits";
import { LivePreview } from "./live-preview";
import { chanceText, PrizeChances, prizeRows } from "./prize-chances";

/**
 * The languages the wallet texts exist in, each named in itself ("Deutsch", "עברית"), and any
 * other one the program already has (so saving never drops it).
 */
function languageOptions(chosen: readonly string[]) {
  return [...new Set([...WALLET_LOCALES, ...chosen])].map((l) => {
    let label = l;
    try {
      label = new Intl.DisplayNames([l], { type: "language" }).of(l) ?? l;
    } catch {}
    return { value: l, label };
  });
}

/** "1 stamp per €5.00" under the amount, from what was typed (nothing while it does not read). */
function AmountSummary(props: { tr: Translator; values: EditorValues }) {
  const currency = fieldValue(props.values, "earning.currency").trim().toUpperCase();
  const typed = fieldValue(props.values, "earning.amount").trim();
  const minor = /^[A-Z]{3}$/.test(currency) ? amountInMinorUnits(typed, currency) : null;
  if (minor === null || minor === 0) return null;
  return (
    <p class="hint" data-testid="amount-summary">
      {props.tr.t("editor.unitAmount.summary", { amount: props.tr.money(minor, currency) })}
    </p>
  );
}

/** Every field of a stamp-core Program; per-field messages come straight from parseProgram. */
export function ProgramEditor(props: {
  tr: Translator;
  admin: Admin;
  title: string;
  action: string;
  values: EditorValues;
  expectedVersion: number | null;
  errors?: ReadonlyMap<string, string>;
  problem?: string;
  /** The pass front of the program as last drawn (SVG); the page's script redraws it as fields change. */
  preview: string;
  /** "Saved" (or "created") after a save that came back to the editor. */
  saved?: string | undefined;
  /** The saved program's wallet preview and posters (absent for a new program). */
  wallet?: Child;
}) {
  const { tr, values } = props;
  const errors = props.errors ?? new Map<string, string>();
  const v = (name: string, fallback = "") => fieldValue(values, name, fallback);
  const e = (name: string) => errors.get(name);
  const is = (name: string, fallback: string) => (option: string) => v(name, fallback) === option;
  const channels = listOf(values, "limits.channels");
  const locales = listOf(values, "locales");
  const rows = prizeRows(values);
  return (
    <AdminShell tr={tr} admin={props.admin} section="programs" title={props.title}>
      <PageHeader title={props.title} intro={tr.t("editor.intro")} />
      {props.wallet}
      {props.saved ? <Notice kind="success">{props.saved}</Notice> : null}
      {props.problem ? <Notice kind="error">{props.problem}</Notice> : null}
      {errors.size > 0 ? (
        <div class="notice notice--error" role="alert" data-testid="editor-errors">
          <p>
            <strong>{tr.t("editor.errors")}</strong>
          </p>
          <ul>
            {[...errors].map(([path, message]) => (
              <li>
                <a href={`#${errorAnchor(path)}`}>{fieldLabel(tr, path)}</a> {message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={props.action} class="panel" novalidate>
        <Csrf token={props.admin.csrf} />
        <LivePreview tr={tr} svg={props.preview} />
        {props.expectedVersion === null ? null : (
          <input type="hidden" name="_version" value={String(props.expectedVersion)} />
        )}
        <fieldset>
          <legend>{tr.t("editor.section.basics")}</legend>
          <div class="row">
            <Field
              name="name"
              label={tr.t("editor.name")}
              hint={tr.t("editor.name.hint")}
              value={v("name")}
              error={e("name")}
              maxlength={60}
              required
            />
            <Field
              name="goal"
              label={tr.t("editor.goal")}
              hint={tr.t("editor.goal.hint")}
              value={v("goal")}
              error={e("goal")}
              inputmode="numeric"
              required
            />
          </div>
          <div class="row">
            <Choices
              name="locales"
              type="checkbox"
              legend={tr.t("editor.locales")}
              hint={tr.t("editor.locales.hint")}
              options={languageOptions(locales)}
              checked={(l) => locales.includes(l)}
              error={[...errors].find(([path]) => path.startsWith("locales"))?.[1]}
            />
            <Select
              name="locales.default"
              label={tr.t("editor.locales.default")}
              hint={tr.t("editor.locales.default.hint")}
              options={languageOptions(locales)}
              value={v("locales.default", locales[0] ?? "en")}
            />
          </div>
        </fieldset>

        <fieldset>
          <legend>{tr.t("editor.section.design")}</legend>
          <div class="row">
            <Field
              name="design.background"
              type="color"
              label={tr.t("editor.background")}
              value={v("design.background", "#3b2417")}
              error={e("design.background")}
            />
            <Field
              name="design.foreground"
              type="color"
              label={tr.t("editor.foreground")}
              value={v("design.foreground", "#fff8f0")}
              error={e("design.foreground")}
            />
            <Field
              name="design.accent"
              type="color"
              label={tr.t("editor.accent")}
              value={v("design.accent", "#e0a458")}
              error={e("design.accent")}
            />
          </div>
          <Choices
            name="design.stampIcon"
            legend={tr.t("editor.stampIcon")}
            options={STAMP_ICONS.map((icon) => ({ value: icon, label: icon }))}
            checked={is("design.stampIcon", "coffee")}
            error={e("design.stampIcon")}
          />
        </fieldset>

        <fieldset>
          <legend>{tr.t("editor.section.earning")}</legend>
          <div class="choices">
            {(["per-order", "by-amount"] as const).map((kind) => (
              <label class="choice">
                <input
                  type="radio"
                  name="earning.kind"
                  value={kind}
                  checked={is("earning.kind", "per-order")(kind)}
                />
                {tr.t(kind === "per-order" ? "editor.earning.perOrder" : "editor.earning.byAmount")}
              </label>
            ))}
          </div>
          <div data-when="earning.kind=per-order">
            <Field
              name="earning.stampsPerOrder"
              label={tr.t("editor.stampsPerOrder")}
              value={v("earning.stampsPerOrder", "1")}
              error={e("earning.stampsPerOrder")}
              inputmode="numeric"
            />
          </div>
          <div class="row" data-when="earning.kind=by-amount">
            <Field
              name="earning.amount"
              label={tr.t("editor.unitAmount")}
              hint={tr.t("editor.unitAmount.hint")}
              value={v("earning.amount")}
              error={e("earning.unitAmount")}
              inputmode="decimal"
            />
            <Field
              name="earning.currency"
              label={tr.t("editor.currency")}
              hint={tr.t("editor.currency.hint")}
              value={v("earning.currency", "EUR")}
              error={e("earning.currency")}
              maxlength={3}
            />
          </div>
          <AmountSummary tr={tr} values={values} />
        </fieldset>

        <fieldset>
          <legend>{tr.t("editor.section.reward")}</legend>
          <div class="choices">
            {(["simple", "voucher", "lottery"] as const).map((kind) => (
              <label class="choice">
                <input
                  type="radio"
                  name="reward.kind"
                  value={kind}
                  checked={is("reward.kind", "simple")(kind)}
                />
                {tr.t(`editor.reward.${kind}` as MessageKey)}
              </label>
            ))}
          </div>
          <div class="row">
            <Field
              name="reward.title"
              label={tr.t("editor.reward.title")}
              hint={tr.t("editor.reward.title.hint")}
              value={v("reward.title")}
              error={e("reward.title")}
              maxlength={80}
            />
            <div data-when="reward.kind=voucher reward.kind=lottery">
              <Field
                name="reward.validDays"
                label={tr.t("editor.validDays")}
                hint={tr.t("editor.validDays.hint")}
                value={v("reward.validDays")}
                error={e("reward.validDays")}
                inputmode="numeric"
              />
            </div>
          </div>
          <div data-when="reward.kind=voucher reward.kind=lottery">
            <Choices
              name="reward.redemption.method"
              legend={tr.t("editor.redemption")}
              options={(["self", "staff", "code"] as const).map((m) => ({
                value: m,
                label: tr.t(`editor.redemption.${m}` as MessageKey),
              }))}
              checked={is("reward.redemption.method", "staff")}
              error={e("reward.redemption.method") ?? e("reward.redemption")}
            />
            <div data-when="redemption=code">
              <Choices
                name="reward.redemption.format"
                legend={tr.t("editor.code.format")}
                options={CODE_FORMATS.map((f) => ({
                  value: f,
                  label: tr.t(`editor.code.format.${f}` as MessageKey),
                }))}
                checked={is("reward.redemption.format", "qr")}
                error={e("reward.redemption.format")}
              />
              <Choices
                name="reward.redemption.code.kind"
                legend={tr.t("editor.code.kind")}
                options={[
                  { value: "generated", label: tr.t("editor.code.generated") },
                  { value: "fixed", label: tr.t("editor.code.fixed") },
                ]}
                checked={is("reward.redemption.code.kind", "generated")}
                error={e("reward.redemption.code.kind") ?? e("reward.redemption.code")}
              />
              <Field
                name="reward.redemption.code.value"
                label={tr.t("editor.code.value")}
                value={v("reward.redemption.code.value")}
                error={e("reward.redemption.code.value")}
                maxlength={64}
              />
            </div>
          </div>
          <div data-when="reward.kind=lottery">
            {/* Made by the server on the first save and kept: changing it would change future draws. */}
            <input type="hidden" name="reward.seed" value={v("reward.seed")} />
            <fieldset>
              <legend>{tr.t("editor.prizes")}</legend>
              <span class="hint">{tr.t("editor.prizes.hint")}</span>
              {e("reward.prizes") ? <span class="field-error">{e("reward.prizes")}</span> : null}
              <PrizeChances tr={tr} values={values} rows={rows} />
              {Array.from({ length: rows }, (_, i) => (
                <div class="row">
                  <input
                    type="hidden"
                    name={`reward.prizes.${i}.id`}
                    value={v(`reward.prizes.${i}.id`)}
                  />
                  <Field
                    name={`reward.prizes.${i}.title`}
                    label={tr.t("editor.prize.title")}
                    value={v(`reward.prizes.${i}.title`)}
                    error={e(`reward.prizes.${i}.title`)}
                    maxlength={80}
                  />
                  <Field
                    name={`reward.prizes.${i}.weight`}
                    label={tr.t("editor.prize.weight")}
                    value={v(`reward.prizes.${i}.weight`)}
                    error={e(`reward.prizes.${i}.weight`)}
                    inputmode="numeric"
                  />
                  <output
                    class="prize-chance"
                    for={fieldId(`reward.prizes.${i}.weight`)}
                    data-testid="prize-chance"
                  >
                    {chanceText(tr, values, rows, i)}
                  </output>
                </div>
              ))}
              <button
                class="button button--secondary"
                type="submit"
                name="_preview"
                value="chances"
              >
                {tr.t("editor.prizes.update")}
              </button>
            </fieldset>
          </div>
        </fieldset>

        <fieldset>
          <legend>{tr.t("editor.section.limits")}</legend>
          <span class="hint">{tr.t("editor.limits.hint")}</span>
          <Choices
            name="limits.channels"
            type="checkbox"
            legend={tr.t("editor.channels")}
            options={CHANNELS.map((c) => ({
              value: c,
              label: tr.t(`editor.channel.${c}` as MessageKey),
            }))}
            checked={(c) => channels.includes(c)}
            error={e("limits.channels")}
          />
          <div class="row">
            <Field
              name="limits.cooldownSeconds"
              label={tr.t("editor.cooldown")}
              hint={tr.t("editor.cooldown.hint")}
              value={v("limits.cooldownSeconds", "0")}
              error={e("limits.cooldownSeconds")}
              inputmode="numeric"
            />
            <Field
              name="limits.maxStampsPerVisit"
              label={tr.t("editor.maxPerVisit")}
              hint={tr.t("editor.optional.hint")}
              value={v("limits.maxStampsPerVisit")}
              error={e("limits.maxStampsPerVisit")}
              inputmode="numeric"
            />
            <Field
              name="limits.maxStampsPerDay"
              label={tr.t("editor.maxPerDay")}
              hint={tr.t("editor.optional.hint")}
              value={v("limits.maxStampsPerDay")}
              error={e("limits.maxStampsPerDay")}
              inputmode="numeric"
            />
          </div>
          <fieldset>
            <legend>{tr.t("editor.scan.legend")}</legend>
            <span class="hint">{tr.t("editor.scan.hint")}</span>
            <div class="row">
              <Field
                name="maxStampsPerScan.staff"
                label={tr.t("editor.scan.staff")}
                value={v("maxStampsPerScan.staff", "10")}
                error={e("maxStampsPerScan.staff")}
                inputmode="numeric"
              />
              <Field
                name="maxStampsPerScan.unattended"
                label={tr.t("editor.scan.unattended")}
                value={v("maxStampsPerScan.unattended", "1")}
                error={e("maxStampsPerScan.unattended")}
                inputmode="numeric"
              />
            </div>
          </fieldset>
        </fieldset>

        <fieldset>
          <legend>{tr.t("editor.section.expiry")}</legend>
          <div class="row">
            <Field
              name="expiry.stampsAfterDays"
              label={tr.t("editor.expiry.stampsAfterDays")}
              hint={tr.t("editor.expiry.stampsAfterDays.hint")}
              value={v("expiry.stampsAfterDays")}
              error={e("expiry.stampsAfterDays")}
              inputmode="numeric"
            />
            <Field
              name="expiry.reminderDays"
              label={tr.t("editor.expiry.reminderDays")}
              hint={tr.t("editor.expiry.reminderDays.hint", {
                days: DEFAULT_EXPIRY_REMINDER_DAYS,
              })}
              value={v("expiry.reminderDays")}
              error={e("expiry.reminderDays")}
              inputmode="numeric"
            />
          </div>
        </fieldset>

        <fieldset>
          <legend>{tr.t("editor.section.wallet")}</legend>
          {WALLET_OPTIONS.map((option) => (
            <>
              <label class="choice">
                <input
                  type="checkbox"
                  name={`wallet.${option}`}
                  value="on"
                  checked={v(`wallet.${option}`) === "on"}
                  aria-describedby={`f-wallet-${option}-hint`}
                />
                {tr.t(`editor.wallet.${option}`)}
              </label>
              <span class="hint" id={`f-wallet-${option}-hint`}>
                {tr.t(`editor.wallet.${option}.hint`)}
              </span>
            </>
          ))}
        </fieldset>

        <div class="actions">
          <button class="button" type="submit">
            {props.expectedVersion === null ? tr.t("editor.create") : tr.t("editor.save")}
          </button>
          <a class="button button--secondary" href="/admin/programs">
            {tr.t("editor.cancel")}
          </a>
        </div>
      </form>
    </AdminShell>
  );
}
