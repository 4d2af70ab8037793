import { useLiveQuery, useRuntime, useStore, useT } from "../app/hooks";
import { heldCount } from "../storage/live-queries";
import { describeStorage } from "./describe";
import { Icon } from "./icons";

/** App-wide notices: a wrong device clock, an update ready, a storage failure, another tab's upgrade. */
export function Banners() {
  const { t } = useT();
  const runtime = useRuntime();
  const update = useStore(runtime.updates.state);
  const problem = useStore(runtime.storageProblem);
  const upgraded = useStore(runtime.upgradedElsewhere);
  const held = useLiveQuery(heldCount) ?? 0;
  return (
    <div className="banners">
      {held > 0 && (
        <div className="banner banner--error" role="alert" data-testid="clock-wrong">
          <Icon name="alert" />
          <span>{t("banner.clockWrong", { count: held })}</span>
        </div>
      )}
      {upgraded && (
        <div className="banner banner--error" role="alert">
          <Icon name="alert" />
          <span>{t("banner.upgradedElsewhere")}</span>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            {t("banner.reload")}
          </button>
        </div>
      )}
      {problem && !upgraded && (
        <div className="banner banner--error" role="alert">
          <Icon name="alert" />
          <span>{describeStorage(t, problem)}</span>
        </div>
      )}
      {update.kind !== "current" && (
        <div className="banner banner--info" role="status">
          <Icon name="refresh" />
          <span>
            {update.kind === "ready" ? t("banner.updateReady") : t("banner.updateWaiting")}
          </span>
          {update.kind === "ready" && (
            <button type="button" className="button" onClick={() => runtime.updates.apply()}>
              {t("banner.updateNow")}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
