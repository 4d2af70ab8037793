import { LOCALE_NAMES, LOCALES, type Locale } from "../../i18n/locales";
import type { Translator } from "../../i18n/translate";
import type { Admin } from "../admin-session";
import { Csrf, Select } from "./form-bits";

/** Each language by its own name (marked with its `lang`, so it is read in that language). */
const localeOptions = LOCALES.map((locale) => ({
  value: locale,
  label: LOCALE_NAMES[locale],
  lang: locale,
}));

/** My account: the language of the admin pages and of the e-mails to this account. */
export function LanguagePanel(props: { tr: Translator; admin: Admin }) {
  const { tr, admin } = props;
  return (
    <section class="panel narrow" aria-labelledby="account-language">
      <h2 id="account-language">{tr.t("account.language")}</h2>
      <form method="post" action="/admin/account/language">
        <Csrf token={admin.csrf} />
        <Select
          name="locale"
          label={tr.t("account.language")}
          hint={tr.t("account.language.intro")}
          options={[{ value: "", label: tr.t("account.language.browser") }, ...localeOptions]}
          value={admin.locale ?? ""}
        />
        <button class="button" type="submit">
          {tr.t("account.language.save")}
        </button>
      </form>
    </section>
  );
}

/** The invitation form's language of the invitee (the e-mail, the page, then their account). */
export function InviteeLanguage(props: { tr: Translator; value: Locale }) {
  const { tr } = props;
  return (
    <Select
      name="locale"
      label={tr.t("team.language")}
      hint={tr.t("team.language.hint")}
      options={localeOptions}
      value={props.value}
    />
  );
}
