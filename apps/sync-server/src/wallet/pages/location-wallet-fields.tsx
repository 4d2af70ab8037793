import type { Translator } from "../../i18n/translate";
import type { PlacedLocation } from "../../storage/wallet-store";
import { MAX_RELEVANT_TEXT } from "../location-reminder";

/**
 * A location's wallet settings on the admin locations page: its position for the passes' geo
 * reminders (Apple shows the card on the lock screen nearby), and its join posters.
 */
export function LocationWalletFields(props: {
  tr: Translator;
  csrf: string;
  locationId: string;
  programId: string | null;
  /** The location's saved position and text, or null when it has none. */
  placed: PlacedLocation | null;
  /** Fields the last submit got wrong. */
  invalid: readonly string[];
}) {
  const { tr, locationId } = props;
  const id = (name: string) => `geo-${locationId}-${name}`;
  const input = (
    name: "latitude" | "longitude" | "relevantText",
    value: number | string | null | undefined,
  ) => {
    const wrong = props.invalid.includes(name);
    return (
      <div class="field">
        <label for={id(name)}>{tr.t(`locations.geo.${name}`)}</label>
        <input
          id={id(name)}
          name={name}
          type="text"
          inputmode={name === "relevantText" ? undefined : "decimal"}
          autocomplete="off"
          maxlength={name === "relevantText" ? MAX_RELEVANT_TEXT : 16}
          value={value == null ? "" : String(value)}
          aria-invalid={wrong ? "true" : undefined}
          aria-describedby={wrong ? id(`${name}-error`) : id("hint")}
        />
        {wrong ? (
          <span class="field-error" id={id(`${name}-error`)}>
            {tr.t(`locations.geo.${name}.invalid`)}
          </span>
        ) : null}
      </div>
    );
  };
  return (
    <>
      <form method="post" action={`/admin/locations/${locationId}/coordinates`}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <h3>{tr.t("locations.geo.title")}</h3>
        <p class="hint" id={id("hint")}>
          {tr.t("locations.geo.hint")}
        </p>
        <div class="row">
          {input("latitude", props.placed?.latitude)}
          {input("longitude", props.placed?.longitude)}
        </div>
        {input("relevantText", props.placed?.relevantText)}
        <button class="button button--secondary" type="submit">
          {tr.t("locations.geo.save")}
        </button>
      </form>
      {props.programId ? (
        <p>
          {tr.t("locations.poster")}{" "}
          <a
            href={`/admin/programs/${props.programId}/poster.png?layout=a4&location=${locationId}`}
          >
            {tr.t("editor.wallet.layout.a4")}
          </a>{" "}
          ·{" "}
          <a
            href={`/admin/programs/${props.programId}/poster.png?layout=a6&location=${locationId}`}
          >
            {tr.t("editor.wallet.layout.a6")}
          </a>
        </p>
      ) : null}
    </>
  );
}
