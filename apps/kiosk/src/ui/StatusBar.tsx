import { useState } from "react";
import { useLiveQuery, useNow, usePacedLiveQuery, useSession, useStore, useT } from "../app/hooks";
import { createStore } from "../app/store";
import { lastSync, OUTBOX_COUNT_PACE, outboxCount, rejectedCount } from "../storage/live-queries";
import { skewWarning } from "../sync/clock-skew";
import type { SyncStatus } from "../sync/sync-controller";
import { Icon } from "./icons";
import { RejectedDialog } from "./RejectedDialog";
import { relativeTime } from "./relative-time";

/**
 * Always on screen: connection, what is not sent yet, last sync, clock skew, a live sync the
 * network holds back (explained in Settings) and rejected events (whether storage is kept is said
 * once, by a banner). Counts come from IndexedDB live queries, so they are right
 * whichever tab did the work.
 */
export function StatusBar({ compact = false }: { readonly compact?: boolean }) {
  const { t, language } = useT();
  const session = useSession();
  const now = useNow(15_000);
  const sync = useStore(session.sync?.status ?? IDLE);
  const waiting = usePacedLiveQuery(outboxCount, OUTBOX_COUNT_PACE.tables, OUTBOX_COUNT_PACE.ms);
  const rejected = useLiveQuery(rejectedCount);
  const synced = useLiveQuery(lastSync);
  const [showRejected, setShowRejected] = useState(false);
  const online = sync.online;
  const skewed = skewWarning(synced?.skewMs ?? null);

  return (
    <footer className={compact ? "statusbar statusbar--compact" : "statusbar"}>
      <div className="statusbar__items" role="status" aria-live="polite">
        <span
          className={`chip chip--connection ${online ? "chip--ok" : "chip--offline"}`}
          data-testid="connection"
        >
          <Icon name={online ? "cloud" : "cloud-off"} size={18} />
          <span className="chip__label">{online ? t("status.online") : t("status.offline")}</span>
        </span>
        <span
          className={`chip ${waiting ? "chip--waiting" : ""}`}
          data-testid="waiting"
          data-count={waiting ?? 0}
          title={sync.lastError ?? undefined}
        >
          <Icon name="upload" size={18} />
          {waiting ? t("status.waiting", { count: waiting }) : t("status.allSaved")}
        </span>
        <span className="chip" data-testid="last-sync">
          <Icon
            name={sync.running ? "refresh" : "clock"}
            size={18}
            className={sync.running ? "spin" : undefined}
          />
          {sync.otherTab
            ? t("status.otherTab")
            : synced
              ? t("status.synced", { when: relativeTime(language, synced.at, now) })
              : t("status.neverSynced")}
        </span>
        {skewed && synced && synced.skewMs !== null && (
          <span className="chip chip--warn" data-testid="skew">
            <Icon name="alert" size={18} />
            {t("status.clockSkew", { count: Math.round(Math.abs(synced.skewMs) / 60_000) })}
          </span>
        )}
        {sync.streamHeldBack && (
          <span
            className="chip chip--warn"
            data-testid="stream-held-back"
            title={t("settings.syncHeldBack")}
          >
            <Icon name="alert" size={18} />
            {t("status.streamHeldBack")}
          </span>
        )}
        {(rejected ?? 0) > 0 && (
          <button
            type="button"
            className="chip chip--error chip--button"
            onClick={() => setShowRejected(true)}
            data-testid="rejected"
          >
            <Icon name="alert" size={18} />
            {t("status.rejected", { count: rejected ?? 0 })}
          </button>
        )}
      </div>
      <RejectedDialog open={showRejected} onClose={() => setShowRejected(false)} />
    </footer>
  );
}

/** The unpaired device has no sync loop; its bar shows nothing running. */
const IDLE = createStore<SyncStatus>({
  online: true,
  otherTab: false,
  running: false,
  lastError: null,
  storageFull: false,
  nextRunAt: null,
  streamHeldBack: false,
});
