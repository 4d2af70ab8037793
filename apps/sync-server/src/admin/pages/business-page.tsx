import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import {
  type BusinessDetailsField,
  type BusinessDetailsInput,
  MAX_ADDRESS_LENGTH,
  MAX_ADDRESS_LINES,
  MAX_PHONE_LENGTH,
  MAX_WEBSITE_LENGTH,
} from "../../merchants/business-details";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Csrf, Field, fieldId, Notice } from "./form-bits";

/** `/admin/business`: how customers reach the business (phone, website, address). */
export function BusinessPage(props: {
  tr: Translator;
  admin: Admin;
  /** What the form shows: the stored details, or what was typed when it was refused. */
  values: BusinessDetailsInput;
  errors?: Partial<Record<BusinessDetailsField, MessageKey>> | undefined;
  notice?: string | undefined;
}) {
  const { tr, admin, values } = props;
  const error = (name: BusinessDetailsField) => {
    const key = props.errors?.[name];
    return key ? tr.t(key) : undefined;
  };
  const address = fieldId("address");
  const addressError = error("address");
  return (
    <AdminShell tr={tr} admin={admin} section="business" title={tr.t("business.title")}>
      <PageHeader title={tr.t("business.title")} intro={tr.t("business.intro")} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <section class="panel" aria-labelledby="business-details">
        <h2 id="business-details" class="visually-hidden">
          {tr.t("business.title")}
        </h2>
        <form method="post" action="/admin/business">
          <Csrf token={admin.csrf} />
          <Field
            name="phone"
            type="tel"
            label={tr.t("business.phone")}
            hint={tr.t("business.phone.hint")}
            value={values.phone}
            error={error("phone")}
            autocomplete="tel"
            maxlength={MAX_PHONE_LENGTH}
          />
          <Field
            name="website"
            label={tr.t("business.website")}
            hint={tr.t("business.website.hint")}
            value={values.website}
            error={error("website")}
            autocomplete="url"
            inputmode="url"
            maxlength={MAX_WEBSITE_LENGTH}
          />
          <div class="field">
            <label for={address}>{tr.t("business.address")}</label>
            <span class="hint" id={`${address}-hint`}>
              {tr.t("business.address.hint")}
            </span>
            <textarea
              id={address}
              name="address"
              rows={MAX_ADDRESS_LINES}
              maxlength={MAX_ADDRESS_LENGTH}
              autocomplete="street-address"
              aria-describedby={`${address}-hint${addressError ? ` ${address}-error` : ""}`}
              aria-invalid={addressError ? "true" : undefined}
            >
              {values.address}
            </textarea>
            {addressError ? (
              <span class="field-error" id={`${address}-error`}>
                {addressError}
              </span>
            ) : null}
          </div>
          <button class="button" type="submit">
            {tr.t("business.save")}
          </button>
        </form>
      </section>
    </AdminShell>
  );
}
