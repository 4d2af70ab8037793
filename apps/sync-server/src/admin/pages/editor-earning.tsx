import type { Translator } from "../../i18n/translate";
import { amountInMinorUnits } from "../program-form";
import { type EditorValues, fieldValue, type SectionProps, sectionFields } from "./editor-values";
import { Field } from "./form-bits";

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

/** How stamps are earned: per order, or per amount spent in the program's currency. */
export function EarningSection(props: SectionProps) {
  const { tr, values } = props;
  const { v, e, is } = sectionFields(props);
  return (
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
  );
}
