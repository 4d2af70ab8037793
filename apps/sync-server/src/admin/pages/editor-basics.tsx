import { STAMP_ICONS } from "@stamp/core";
import { LOCALES } from "../../i18n/locales";
import { listOf, type SectionProps, sectionFields } from "./editor-values";
import { Choices, Field, Select } from "./form-bits";

/**
 * The languages the wallet texts exist in, each named in itself ("Deutsch", "עברית"), and any
 * other one the program already has (so saving never drops it).
 */
function languageOptions(chosen: readonly string[]) {
  return [...new Set([...LOCALES, ...chosen])].map((l) => {
    let label = l;
    try {
      label = new Intl.DisplayNames([l], { type: "language" }).of(l) ?? l;
    } catch {}
    return { value: l, label };
  });
}

/** The card's name, goal and languages, and how it looks. */
export function BasicsSection(props: SectionProps) {
  const { tr, values, errors } = props;
  const { v, e, is } = sectionFields(props);
  const locales = listOf(values, "locales");
  return (
    <>
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
          options={STAMP_ICONS.map((icon) => ({
            value: icon,
            label: tr.t(`editor.stampIcon.${icon}`),
          }))}
          checked={is("design.stampIcon", "coffee")}
          error={e("design.stampIcon")}
        />
      </fieldset>
    </>
  );
}
