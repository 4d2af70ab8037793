import { SYNC_SCOPES } from "@stamp/wire-protocol";
import type { Translator } from "../../i18n/translate";
import type { LocationRecord } from "../../storage/store";
import { Csrf } from "./form-bits";

/**
 * Which cards a location's tills keep on hand to work offline (stamp-core SPEC SC2): the cards
 * used there, or every card of the merchant (a few tills, customers who go from shop to shop).
 */
export function LocationSyncScope(props: {
  tr: Translator;
  csrf: string;
  location: LocationRecord;
}) {
  const { tr, location } = props;
  const hint = `scope-${location.id}-hint`;
  return (
    <form method="post" action={`/admin/locations/${location.id}/sync-scope`}>
      <Csrf token={props.csrf} />
      <fieldset aria-describedby={hint}>
        <legend>{tr.t("locations.syncScope")}</legend>
        <div class="choices">
          {SYNC_SCOPES.map((scope) => (
            <label class="choice">
              <input
                type="radio"
                name="scope"
                value={scope}
                checked={location.syncScope === scope}
              />
              {tr.t(`locations.syncScope.${scope}`)}
            </label>
          ))}
        </div>
        <p class="hint" id={hint}>
          {tr.t("locations.syncScope.hint")}
        </p>
      </fieldset>
      <button class="button button--secondary" type="submit">
        {tr.t("locations.syncScope.save")}
      </button>
    </form>
  );
}
