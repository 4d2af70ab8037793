import { IDLE_MINUTES } from "@stamp/wire-protocol";
import type { Translator } from "../../i18n/translate";
import type { StaffRecord } from "../../storage/staff-store";
import type { AdminUserRecord, LocationRecord } from "../../storage/store";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Choices, Csrf, Field, NewPinFields, Notice } from "./form-bits";

export type StaffErrors = Readonly<
  Partial<Record<"name" | "phone" | "pin" | "pinConfirm" | "form", string>>
>;

/** The new PIN twice (`pinConfirm`, not `confirm`: My account's password form has that id). */
/** The phone kept for a staff member, linking their own card in the fraud checks (SPEC F1). */
function PhoneField(props: { tr: Translator; value: string; error: string | undefined }) {
  return (
    <Field
      name="phone"
      type="tel"
      label={props.tr.t("staff.phone")}
      hint={props.tr.t("staff.phone.hint")}
      value={props.value}
      error={props.error}
      maxlength={32}
      autocomplete="off"
    />
  );
}

export function PinFields(props: { tr: Translator; errors: StaffErrors; required?: boolean }) {
  const { tr, errors } = props;
  return (
    <NewPinFields
      pin={{ label: tr.t("staff.pin"), hint: tr.t("staff.pin.hint"), error: errors.pin }}
      confirm={{ name: "pinConfirm", label: tr.t("staff.pin.confirm"), error: errors.pinConfirm }}
      maxlength={6}
      required={props.required ?? true}
    />
  );
}

function LocationChoices(props: {
  tr: Translator;
  locations: readonly LocationRecord[];
  checked: readonly string[];
}) {
  return (
    <Choices
      name="locations"
      type="checkbox"
      legend={props.tr.t("staff.locations")}
      hint={props.tr.t("staff.locations.hint")}
      options={props.locations.map((l) => ({ value: l.id, label: l.name }))}
      checked={(id) => props.checked.includes(id)}
    />
  );
}

/** `/admin/staff`: who works the tills, their PINs and locations, and each location's sign-in. */
export function StaffPage(props: {
  tr: Translator;
  admin: Admin;
  staff: readonly StaffRecord[];
  locations: readonly LocationRecord[];
  /** Accounts with no staff member yet: they can be linked to a new one. */
  unlinked: readonly AdminUserRecord[];
  accounts: ReadonlyMap<string, string>;
  notice?: string | undefined;
  add?:
    | { name: string; phone: string; locationIds: readonly string[]; errors: StaffErrors }
    | undefined;
  /** A refused sign-in setting: the location's form shows it under its field. */
  signInError?: { locationId: string; message: string } | undefined;
}) {
  const { tr, admin } = props;
  const add = props.add ?? {
    name: "",
    phone: "",
    locationIds: props.locations.map((l) => l.id),
    errors: {},
  };
  const locationName = new Map(props.locations.map((l) => [l.id, l.name]));
  return (
    <AdminShell tr={tr} admin={admin} section="staff" title={tr.t("staff.title")}>
      <PageHeader title={tr.t("staff.title")} intro={tr.t("staff.intro")} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <section class="panel table-wrap" aria-labelledby="staff-list">
        <h2 id="staff-list">{tr.t("staff.list")}</h2>
        {props.staff.length === 0 ? (
          <p class="muted">{tr.t("staff.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{tr.t("staff.name")}</th>
                <th scope="col">{tr.t("staff.account")}</th>
                <th scope="col">{tr.t("staff.locations")}</th>
                <th scope="col">{tr.t("staff.pin")}</th>
              </tr>
            </thead>
            <tbody>
              {props.staff.map((member) => (
                <tr>
                  <td>
                    <a href={`/admin/staff/${member.id}`}>
                      <bdi>{member.name}</bdi>
                    </a>
                  </td>
                  <td>
                    {member.adminUserId ? (
                      <bdi>{props.accounts.get(member.adminUserId) ?? ""}</bdi>
                    ) : (
                      <span class="muted">{tr.t("staff.tillOnly")}</span>
                    )}
                  </td>
                  <td>{member.locationIds.map((id) => locationName.get(id) ?? "").join(", ")}</td>
                  <td>{member.hasPin ? tr.t("staff.pin.set") : tr.t("staff.pin.missing")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <div class="two-columns">
        <section class="panel" aria-labelledby="staff-add">
          <h2 id="staff-add">{tr.t("staff.add")}</h2>
          {add.errors.form ? <Notice kind="error">{add.errors.form}</Notice> : null}
          <form method="post" action="/admin/staff">
            <Csrf token={admin.csrf} />
            <Field
              name="name"
              label={tr.t("staff.name")}
              hint={tr.t("staff.name.hint")}
              value={add.name}
              error={add.errors.name}
              maxlength={80}
              autocomplete="off"
              required
            />
            <PhoneField tr={tr} value={add.phone} error={add.errors.phone} />
            <div class="field">
              <label for="f-account">{tr.t("staff.account")}</label>
              <span class="hint" id="f-account-hint">
                {tr.t("staff.account.hint")}
              </span>
              <select id="f-account" name="account" aria-describedby="f-account-hint">
                <option value="">{tr.t("staff.tillOnly")}</option>
                {props.unlinked.map((account) => (
                  <option value={account.id}>{account.email}</option>
                ))}
              </select>
            </div>
            <LocationChoices tr={tr} locations={props.locations} checked={add.locationIds} />
            <PinFields tr={tr} errors={add.errors} required={false} />
            <button class="button" type="submit">
              {tr.t("staff.addSubmit")}
            </button>
          </form>
        </section>
        <section class="panel" aria-labelledby="staff-sign-in">
          <h2 id="staff-sign-in">{tr.t("staff.signIn")}</h2>
          <p class="muted">{tr.t("staff.signIn.intro")}</p>
          {props.locations.map((location) => {
            const setting = location.staffSignIn;
            const id = `sign-in-${location.id}`;
            const error =
              props.signInError?.locationId === location.id ? props.signInError.message : undefined;
            return (
              <form method="post" action={`/admin/staff/sign-in/${location.id}`}>
                <Csrf token={admin.csrf} />
                <fieldset>
                  <legend>
                    <bdi>{location.name}</bdi>
                  </legend>
                  <label class="choice">
                    <input type="checkbox" name="required" value="1" checked={setting?.required} />
                    {tr.t("staff.signIn.required")}
                  </label>
                  <div class="field">
                    <label for={`${id}-idle`}>{tr.t("staff.signIn.idle")}</label>
                    <input
                      id={`${id}-idle`}
                      name="idleMinutes"
                      type="number"
                      inputmode="numeric"
                      min={IDLE_MINUTES.min}
                      max={IDLE_MINUTES.max}
                      value={String(setting?.idleMinutes ?? IDLE_MINUTES.default)}
                      required
                      aria-invalid={error ? "true" : undefined}
                      aria-describedby={error ? `${id}-error` : undefined}
                    />
                    {error ? (
                      <span class="field-error" id={`${id}-error`}>
                        {error}
                      </span>
                    ) : null}
                  </div>
                  <button class="button button--small button--secondary" type="submit">
                    {tr.t("staff.signIn.save")}
                  </button>
                </fieldset>
              </form>
            );
          })}
        </section>
      </div>
    </AdminShell>
  );
}

/** `/admin/staff/:id`: rename, locations, a new PIN, removal. */
export function StaffMemberPage(props: {
  tr: Translator;
  admin: Admin;
  member: StaffRecord;
  locations: readonly LocationRecord[];
  notice?: string | undefined;
  errors?: StaffErrors | undefined;
  pinErrors?: StaffErrors | undefined;
}) {
  const { tr, admin, member } = props;
  const errors = props.errors ?? {};
  return (
    <AdminShell tr={tr} admin={admin} section="staff" title={member.name}>
      <PageHeader title={member.name} intro={tr.t("staff.member.intro")} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <div class="two-columns">
        <section class="panel" aria-labelledby="member-details">
          <h2 id="member-details">{tr.t("staff.details")}</h2>
          <form method="post" action={`/admin/staff/${member.id}`}>
            <Csrf token={admin.csrf} />
            <Field
              name="name"
              label={tr.t("staff.name")}
              value={member.name}
              error={errors.name}
              maxlength={80}
              autocomplete="off"
              required
            />
            <PhoneField tr={tr} value={member.phone ?? ""} error={errors.phone} />
            <LocationChoices tr={tr} locations={props.locations} checked={member.locationIds} />
            <button class="button" type="submit">
              {tr.t("staff.save")}
            </button>
          </form>
        </section>
        <section class="panel" aria-labelledby="member-pin">
          <h2 id="member-pin">{tr.t("staff.pin.title")}</h2>
          <p class="muted">{member.hasPin ? tr.t("staff.pin.set") : tr.t("staff.pin.missing")}</p>
          <form method="post" action={`/admin/staff/${member.id}/pin`}>
            <Csrf token={admin.csrf} />
            <PinFields tr={tr} errors={props.pinErrors ?? {}} />
            <button class="button" type="submit">
              {tr.t("staff.pin.save")}
            </button>
          </form>
        </section>
      </div>
      <section class="panel narrow" aria-labelledby="member-remove">
        <h2 id="member-remove">{tr.t("staff.remove")}</h2>
        <p>{tr.t("staff.remove.body")}</p>
        <form method="post" action={`/admin/staff/${member.id}/remove`}>
          <Csrf token={admin.csrf} />
          <button class="button button--danger" type="submit">
            {tr.t("staff.remove.confirm", { name: member.name })}
          </button>
        </form>
      </section>
    </AdminShell>
  );
}

/** On My account: the person's own till PIN, when they are on the till staff. */
export function OwnPinPanel(props: {
  tr: Translator;
  admin: Admin;
  member: StaffRecord | null;
  errors?: StaffErrors | undefined;
}) {
  const { tr, admin, member } = props;
  return (
    <section class="panel narrow" aria-labelledby="account-pin">
      <h2 id="account-pin">{tr.t("staff.pin.own")}</h2>
      {member ? (
        <form method="post" action="/admin/account/pin">
          <p class="muted">{member.hasPin ? tr.t("staff.pin.set") : tr.t("staff.pin.missing")}</p>
          <Csrf token={admin.csrf} />
          <PinFields tr={tr} errors={props.errors ?? {}} />
          <button class="button" type="submit">
            {tr.t("staff.pin.save")}
          </button>
        </form>
      ) : (
        <p class="muted">{tr.t("staff.pin.notStaff")}</p>
      )}
    </section>
  );
}
