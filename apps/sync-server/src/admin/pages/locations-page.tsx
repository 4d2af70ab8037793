import type { Child } from "hono/jsx";
import type { Translator } from "../../i18n/translate";
import type { RegionRecord } from "../../storage/region-store";
import type { LocationRecord } from "../../storage/store";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Csrf, Field, NewPinFields, Notice } from "./form-bits";
import { LocationRegion, RegionsPanel } from "./location-regions";
import { LocationSyncScope } from "./location-sync-scope";

export interface LocationsForm {
  /**
   * Which form the errors belong to: a location's PIN form (its id), `rename:<id>`, "new",
   * "region" (the new region's name) or `region-rename:<region id>`.
   */
  readonly target: string;
  readonly errors: Readonly<Record<string, string>>;
  readonly name?: string;
}

/** The PIN and its repetition; `form` keeps their ids apart from the other forms' on the page. */
function PinFields(props: {
  tr: Translator;
  form: string;
  errors: Readonly<Record<string, string>>;
}) {
  const { tr, errors } = props;
  return (
    <NewPinFields
      form={props.form}
      pin={{ label: tr.t("locations.pin"), hint: tr.t("locations.pin.hint"), error: errors.pin }}
      confirm={{ name: "confirm", label: tr.t("locations.pin.confirm"), error: errors.confirm }}
      maxlength={8}
      required
    />
  );
}

export function LocationsPage(props: {
  tr: Translator;
  admin: Admin;
  locations: readonly LocationRecord[];
  notice?: string | undefined;
  /** Why the last action was refused (a removal while tills are paired). */
  problem?: string | undefined;
  form?: LocationsForm | undefined;
  /** More settings of a location, shown under its PIN form (the wallet's position and posters). */
  extra?: (location: LocationRecord) => Child;
  /** The merchant's regions (none: the region forms are left out but for adding one). */
  regions?: readonly RegionRecord[];
}) {
  const { tr, admin, form } = props;
  const errorsFor = (target: string) => (form?.target === target ? form.errors : {});
  // Adding, removing and which cards tills keep are the whole merchant's: not for a manager
  // tied to locations (admin/admin-scope.ts).
  const merchantWide = admin.locations === null;
  return (
    <AdminShell tr={tr} admin={admin} section="locations" title={tr.t("locations.title")}>
      <PageHeader title={tr.t("locations.title")} intro={tr.t("locations.intro")} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.problem ? <Notice kind="error">{props.problem}</Notice> : null}
      <div class="two-columns">
        {props.locations.map((location) => (
          <section class="panel" aria-labelledby={`loc-${location.id}`}>
            <h2 id={`loc-${location.id}`}>{location.name}</h2>
            <div class="settings-stack">
              <form
                method="post"
                action={`/admin/locations/${location.id}/name`}
                class="inline-form"
              >
                <Csrf token={admin.csrf} />
                <Field
                  name="name"
                  form={location.id}
                  label={tr.t("locations.name")}
                  value={
                    form?.target === `rename:${location.id}` ? (form.name ?? "") : location.name
                  }
                  error={errorsFor(`rename:${location.id}`).name}
                  maxlength={60}
                  required
                />
                <button class="button button--secondary" type="submit">
                  {tr.t("locations.rename")}
                </button>
              </form>
              <form method="post" action={`/admin/locations/${location.id}/pin`}>
                <Csrf token={admin.csrf} />
                <PinFields tr={tr} form={location.id} errors={errorsFor(location.id)} />
                <button class="button button--secondary" type="submit">
                  {tr.t("locations.pin.change")}
                </button>
              </form>
              {merchantWide ? (
                <>
                  <LocationSyncScope tr={tr} csrf={admin.csrf} location={location} />
                  <LocationRegion
                    tr={tr}
                    csrf={admin.csrf}
                    location={location}
                    regions={props.regions ?? []}
                  />
                </>
              ) : null}
              {props.extra?.(location)}
              {merchantWide ? (
                <form method="post" action={`/admin/locations/${location.id}/remove`}>
                  <Csrf token={admin.csrf} />
                  <button class="button button--danger" type="submit">
                    {tr.t("locations.remove")}
                  </button>
                </form>
              ) : null}
            </div>
          </section>
        ))}
        {merchantWide ? (
          <RegionsPanel
            tr={tr}
            csrf={admin.csrf}
            regions={props.regions ?? []}
            locations={props.locations}
            refused={
              form?.target === "region"
                ? { name: form.name ?? "", error: form.errors.name ?? "" }
                : undefined
            }
            refusedRename={
              form?.target.startsWith("region-rename:")
                ? {
                    regionId: form.target.slice("region-rename:".length),
                    name: form.name ?? "",
                    error: form.errors.name ?? "",
                  }
                : undefined
            }
          />
        ) : null}
        {merchantWide ? (
          <section class="panel" aria-labelledby="new-location">
            <h2 id="new-location">{tr.t("locations.add")}</h2>
            <form method="post" action="/admin/locations">
              <Csrf token={admin.csrf} />
              <Field
                name="name"
                form="new"
                label={tr.t("locations.name")}
                value={form?.target === "new" ? (form.name ?? "") : ""}
                error={errorsFor("new").name}
                maxlength={60}
                required
              />
              <PinFields tr={tr} form="new" errors={errorsFor("new")} />
              <button class="button" type="submit">
                {tr.t("locations.add")}
              </button>
            </form>
          </section>
        ) : null}
      </div>
    </AdminShell>
  );
}
