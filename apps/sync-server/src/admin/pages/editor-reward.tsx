import { CODE_FORMATS } from "@stamp/core";
import type { MessageKey } from "../../i18n/en";
import { type SectionProps, sectionFields } from "./editor-values";
import { Choices, Field, fieldId } from "./form-bits";
import { chanceText, PrizeChances, prizeRows } from "./prize-chances";

/** The reward: simple, a voucher and how it is redeemed, or a lottery and its prizes. */
export function RewardSection(props: SectionProps) {
  const { tr, values } = props;
  const { v, e, is } = sectionFields(props);
  const rows = prizeRows(values);
  return (
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
          <button class="button button--secondary" type="submit" name="_preview" value="chances">
            {tr.t("editor.prizes.update")}
          </button>
        </fieldset>
      </div>
    </fieldset>
  );
}
