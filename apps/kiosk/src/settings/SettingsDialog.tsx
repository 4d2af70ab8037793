import { useState } from "react";
import { usePacedLiveQuery, useRuntime, useSession, useStore, useT } from "../app/hooks";
import { changeSettings } from "../app/settings-actions";
import { createStore } from "../app/store";
import { LANGUAGE_NAMES, LANGUAGES } from "../i18n/languages";
import { wipeDevice } from "../storage/config-store";
import { OUTBOX_COUNT_PACE, outboxCount } from "../storage/live-queries";
import { requestPersistence } from "../storage/persistence";
import { Dialog, type DialogControl } from "../ui/Dialog";
import { Icon } from "../ui/icons";
import { PinDialog } from "../ui/PinDialog";

/** The device's session without a sync loop: nothing to say of it. */
const NO_SYNC = createStore({ streamHeldBack: false });

/**
 * Device settings for staff: language, sound, storage, the device (and what holds its sync back),
 * config refresh and unpairing.
 */
export function SettingsDialog({ open, onClose }: DialogControl) {
  const { t } = useT();
  const runtime = useRuntime();
  const session = useSession();
  const settings = useStore(runtime.settings);
  const persistence = useStore(runtime.persistence);
  const waiting = usePacedLiveQuery(outboxCount, OUTBOX_COUNT_PACE.tables, OUTBOX_COUNT_PACE.ms);
  const sync = useStore(session.sync?.status ?? NO_SYNC);
  const [pinOpen, setPinOpen] = useState(false);
  const [confirmLoss, setConfirmLoss] = useState(false);
  const [refreshNote, setRefreshNote] = useState<string | null>(null);
  const device = session.device;

  const unpair = async () => {
    session.dispose();
    await runtime.durable(() => wipeDevice(runtime.db));
    runtime.device.set(null);
  };

  return (
    <Dialog open={open} title={t("settings.title")} onClose={onClose} wide>
      <div className="settings">
        <section className="settings__group">
          <h3>{t("settings.language")}</h3>
          <div className="segmented" role="radiogroup" aria-label={t("settings.language")}>
            {LANGUAGES.map((code) => (
              <label key={code} className="segmented__option" lang={code}>
                <input
                  type="radio"
                  name="language"
                  checked={settings.language === code}
                  onChange={() => void changeSettings(runtime, (s) => ({ ...s, language: code }))}
                />
                <span className="segmented__label">{LANGUAGE_NAMES[code]}</span>
              </label>
            ))}
          </div>
        </section>

        <section className="settings__group">
          <h3>{t("settings.sound")}</h3>
          <label className="switch">
            <input
              type="checkbox"
              checked={settings.sound}
              onChange={(event) =>
                void changeSettings(runtime, (s) => ({ ...s, sound: event.target.checked }))
              }
            />
            <span>{t("settings.soundLabel")}</span>
          </label>
        </section>

        <section className="settings__group">
          <h3>{t("settings.storage")}</h3>
          <p>
            {persistence === "persisted"
              ? t("settings.storagePersisted")
              : persistence === "not-persisted"
                ? t("settings.storageNotPersisted")
                : t("settings.storageUnsupported")}
          </p>
          {persistence !== "persisted" && (
            <button
              type="button"
              className="button"
              onClick={() => void requestPersistence().then((p) => runtime.persistence.set(p))}
            >
              <Icon name="shield" size={18} /> {t("settings.askPersist")}
            </button>
          )}
        </section>

        <section className="settings__group">
          <h3>{t("settings.device")}</h3>
          <dl className="facts">
            <div>
              <dt>{t("settings.deviceName")}</dt>
              <dd>{device.deviceName}</dd>
            </div>
            <div>
              <dt>{t("settings.merchant")}</dt>
              <dd>{device.merchant.name}</dd>
            </div>
            <div>
              <dt>{t("settings.location")}</dt>
              <dd>{device.location.name}</dd>
            </div>
            <div>
              <dt>{t("settings.programs")}</dt>
              <dd>{device.programs.map((p) => p.name).join(", ")}</dd>
            </div>
            {sync.streamHeldBack && (
              <div data-testid="sync-held-back">
                <dt>{t("settings.sync")}</dt>
                <dd>{t("settings.syncHeldBack")}</dd>
              </div>
            )}
          </dl>
          <div className="settings__buttons">
            <button
              type="button"
              className="button"
              onClick={() => {
                setRefreshNote(null);
                void session.refreshConfig().then(
                  () => setRefreshNote(t("settings.refreshed")),
                  () => setRefreshNote(t("settings.refreshFailed")),
                );
              }}
            >
              <Icon name="refresh" size={18} /> {t("settings.refresh")}
            </button>
            <button
              type="button"
              className="button button--danger"
              onClick={() => ((waiting ?? 0) > 0 ? setConfirmLoss(true) : setPinOpen(true))}
            >
              <Icon name="lock" size={18} /> {t("settings.unpair")}
            </button>
          </div>
          {refreshNote && (
            <p className="muted" role="status">
              {refreshNote}
            </p>
          )}
          {confirmLoss && (
            <div className="notice notice--error" role="alert">
              <Icon name="alert" />
              <div>
                <p>{t("settings.unpairLoss", { count: waiting ?? 0 })}</p>
                <div className="settings__buttons">
                  <button type="button" className="button" onClick={() => setConfirmLoss(false)}>
                    {t("common.cancel")}
                  </button>
                  <button
                    type="button"
                    className="button button--danger"
                    onClick={() => {
                      setConfirmLoss(false);
                      setPinOpen(true);
                    }}
                  >
                    {t("settings.unpairAnyway")}
                  </button>
                </div>
              </div>
            </div>
          )}
        </section>
      </div>
      <PinDialog
        open={pinOpen}
        reason={t("settings.unpairReason")}
        onClose={() => setPinOpen(false)}
        onUnlocked={() => {
          setPinOpen(false);
          void unpair();
        }}
      />
    </Dialog>
  );
}
