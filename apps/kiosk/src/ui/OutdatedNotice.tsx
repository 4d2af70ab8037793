import { useEffect } from "react";
import { useRuntime, useStore, useT } from "../app/hooks";
import { Icon } from "./icons";

/**
 * Shown when the server will not talk to this app version (426 protocol-too-old) or is older
 * than it: syncing has stopped rather than retrying forever, and staff are told what to do.
 * Events taken meanwhile stay queued on the till and go out after the update.
 */
export function OutdatedNotice() {
  const { t } = useT();
  const runtime = useRuntime();
  const outdated = useStore(runtime.outdated);
  // Ask for the new version at once, so "Update the app" finds it waiting.
  useEffect(() => {
    if (outdated === "app-too-old") runtime.updates.check();
  }, [runtime, outdated]);
  if (outdated === null) return null;
  const app = outdated === "app-too-old";
  return (
    <div className="banner banner--error" role="alert" data-testid="outdated">
      <Icon name="alert" />
      <span>{app ? t("banner.outdatedApp") : t("banner.outdatedServer")}</span>
      <button
        type="button"
        className="button button--primary"
        onClick={() => (app ? runtime.updates.updateNow() : window.location.reload())}
        data-testid="outdated-action"
      >
        {app ? t("banner.updateApp") : t("banner.tryAgain")}
      </button>
    </div>
  );
}
