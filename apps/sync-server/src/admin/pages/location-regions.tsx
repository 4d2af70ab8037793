import type { Translator } from "../../i18n/translate";
import type { RegionRecord } from "../../storage/region-store";
import type { LocationRecord } from "../../storage/store";
import { Csrf, Field } from "./form-bits";

/**
 * Which region a location is in (wire protocol `SyncScope` `region`): its tills, when set to keep
 * their region's cards, have the cards used at every location of the region.
 */
export function LocationRegion(props: {
  tr: Translator;
  csrf: string;
  location: LocationRecord;
  regions: readonly RegionRecord[];
}) {
  const { tr, location } = props;
  if (props.regions.length === 0) return null;
  const id = `region-${location.id}`;
  return (
    <form method="post" action={`/admin/locations/${location.id}/region`}>
      <Csrf token={props.csrf} />
      <div class="field">
        <label for={id}>{tr.t("locations.region")}</label>
        <select id={id} name="regionId">
          <option value="" selected={!location.regionId}>
            {tr.t("locations.region.none")}
          </option>
          {props.regions.map((region) => (
            <option value={region.id} selected={region.id === location.regionId}>
              {region.name}
            </option>
          ))}
        </select>
      </div>
      <button class="button button--secondary" type="submit">
        {tr.t("locations.region.save")}
      </button>
    </form>
  );
}

/** The merchant's regions with their locations, each to rename or delete, and the form that adds one. */
export function RegionsPanel(props: {
  tr: Translator;
  csrf: string;
  regions: readonly RegionRecord[];
  locations: readonly LocationRecord[];
  /** The refused name and why, when the last region was not added. */
  refused?: { readonly name: string; readonly error: string } | undefined;
  /** The refused new name of a region and why, when it was not renamed. */
  refusedRename?:
    | { readonly regionId: string; readonly name: string; readonly error: string }
    | undefined;
}) {
  const { tr } = props;
  return (
    <section class="panel" aria-labelledby="regions">
      <h2 id="regions">{tr.t("locations.regions")}</h2>
      <p class="hint">{tr.t("locations.regions.intro")}</p>
      {props.regions.length === 0 ? (
        <p>{tr.t("locations.regions.none")}</p>
      ) : (
        <ul>
          {props.regions.map((region) => {
            const members = props.locations.filter((l) => l.regionId === region.id);
            return (
              <li>
                <strong>{region.name}</strong>:{" "}
                {members.length === 0
                  ? tr.t("locations.regions.empty")
                  : members.map((l) => l.name).join(", ")}
                <RegionActions
                  tr={tr}
                  csrf={props.csrf}
                  region={region}
                  refused={
                    props.refusedRename?.regionId === region.id ? props.refusedRename : undefined
                  }
                />
              </li>
            );
          })}
        </ul>
      )}
      <form method="post" action="/admin/locations/regions">
        <Csrf token={props.csrf} />
        <Field
          name="name"
          form="region"
          label={tr.t("locations.regions.name")}
          value={props.refused?.name ?? ""}
          error={props.refused?.error}
          maxlength={60}
          required
        />
        <button class="button button--secondary" type="submit">
          {tr.t("locations.regions.add")}
        </button>
      </form>
    </section>
  );
}

/** A region's rename form and its delete button (which asks first). */
function RegionActions(props: {
  tr: Translator;
  csrf: string;
  region: RegionRecord;
  refused?: { readonly name: string; readonly error: string } | undefined;
}) {
  const { tr, region } = props;
  return (
    <div class="settings-stack">
      <form method="post" action={`/admin/locations/regions/${region.id}/name`} class="inline-form">
        <Csrf token={props.csrf} />
        <Field
          name="name"
          form={`region-${region.id}`}
          label={tr.t("locations.regions.rename.label", { name: region.name })}
          value={props.refused?.name ?? region.name}
          error={props.refused?.error}
          maxlength={60}
          required
        />
        <button class="button button--secondary" type="submit">
          {tr.t("locations.regions.rename")}
        </button>
      </form>
      <form method="post" action={`/admin/locations/regions/${region.id}/delete`}>
        <Csrf token={props.csrf} />
        <button class="button button--danger" type="submit">
          {tr.t("locations.regions.delete")}
        </button>
      </form>
    </div>
  );
}
