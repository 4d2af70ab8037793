import { CHANNELS, DEFAULT_EXPIRY_REMINDER_DAYS } from "@stamp/core";
import type { MessageKey } from "../../i18n/en";
import { WALLET_OPTIONS } from "../program-form";
import { listOf, type SectionProps, sectionFields } from "./editor-values";
import { Choices, Field } from "./form-bits";

/** Where and how often stamps may be added: channels, cooldown, caps per visit, day and scan. */
export function LimitsSection(props: SectionProps) {
  const { tr, values } = props;
  const { v, e } = sectionFields(props);
  const channels = listOf(values, "limits.channels");
  return (
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
  );
}

/** When stamps lapse and the reminder before, and the wallet card's options. */
export function CardOptionsSection(props: SectionProps) {
  const { tr } = props;
  const { v, e } = sectionFields(props);
  return (
    <>
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
    </>
  );
}
