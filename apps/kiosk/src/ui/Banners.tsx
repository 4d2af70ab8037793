import { useState } from "react";
import { useLiveQuery, useRuntime, useSession, useStore, useT } from "../app/hooks";
import { createStore } from "../app/store";
import { heldCount } from "../storage/live-queries";
import { describeStorage } from "./describe";
import { Icon } from "./icons";
import { OutdatedNotice } from "./OutdatedNotice";

/** Set once staff have read that the browser may clear storage: the notice is not shown again. */
const STORAGE_NOTICE_SEEN = "stamp.storageNoticeSeen";

/** A till with no sync loop (unpaired) has no answers to store. */
const NO_SYNC = createStore({ storageFull: false });

/**
 * App-wide notices: an app too old for the server, a wrong device clock, storage that may be cleared (once), an update ready, a
 * storage failure, a disk too full to store what the server sends, another tab's upgrade.
 */
export function Banners() {
  const { t } = useT();
  const runtime = useRuntime();
  const update = useStore(runtime.updates.state);
  const problem = useStore(runtime.storageProblem);
  const { storageFull } = useStore(useSession().sync?.status ?? NO_SYNC);
  const upgraded = useStore(runtime.upgradedElsewhere);
  const held = useLiveQuery(heldCount) ?? 0;
  const persistence = useStore(runtime.persistence);
  const [storageNoticeSeen, setStorageNoticeSeen] = useState(
    () => localStorage.getItem(STORAGE_NOTICE_SEEN) !== null,
  );
  return (
    <div className="banners">
      <OutdatedNotice />
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
      {persistence === "not-persisted" && !storageNoticeSeen && (
        <div className="banner banner--info" role="status" data-testid="storage-notice">
          <Icon name="shield" />
          <span>{t("banner.storageMayBeCleared")}</span>
          <button
            type="button"
            className="button"
            onClick={() => {
              localStorage.setItem(STORAGE_NOTICE_SEEN, String(Date.now()));
              setStorageNoticeSeen(true);
            }}
          >
            {t("banner.gotIt")}
          </button>
        </div>
      )}
      {problem && !upgraded && (
        <div className="banner banner--error" role="alert">
          <Icon name="alert" />
          <span>{describeStorage(t, problem)}</span>
        </div>
      )}
      {storageFull && (
        <div className="banner banner--error" role="alert" data-testid="sync-storage-full">
          <Icon name="alert" />
          <span>{t("banner.syncStorageFull")}</span>
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
