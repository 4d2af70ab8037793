import { useState } from "react";
import { useRuntime, useStore, useT } from "../app/hooks";
import { loadMode } from "../app/lazy-screens";
import { changeSettings } from "../app/settings-actions";
import { CameraView } from "../camera/CameraView";
import { type DeviceConfig, parsePairAnswer } from "../device/device-config";
import { MODES, type Mode } from "../device/settings";
import { LANGUAGE_NAMES, LANGUAGES } from "../i18n/languages";
import { storePairing } from "../storage/config-store";
import { classifyStorageError } from "../storage/storage-failure";
import { describeStorage } from "../ui/describe";
import { Icon, type IconName } from "../ui/icons";
import { OutdatedNotice } from "../ui/OutdatedNotice";
import { pairingCodeFrom } from "./pairing-code";

const MODE_ICONS: Readonly<Record<Mode, IconName>> = {
  staff: "camera",
  kiosk: "store",
  autopilot: "keyboard",
};

/** Pairs the device from a code made in the admin pages; the only step that needs the network. */
export function PairingScreen({ previous }: { readonly previous: DeviceConfig | null }) {
  const { t } = useT();
  const runtime = useRuntime();
  const settings = useStore(runtime.settings);
  const [code, setCode] = useState(
    () => new URLSearchParams(window.location.search).get("pair") ?? "",
  );
  const [name, setName] = useState(previous?.deviceName ?? t("pair.defaultName"));
  const [mode, setMode] = useState<Mode>(settings.mode);
  const [scanning, setScanning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const pair = async () => {
    const pairingCode = pairingCodeFrom(code);
    if (pairingCode === "" || busy) return;
    setBusy(true);
    setError(null);
    try {
      // The screen it opens first (`loadMode`): a code is used up once the server answers.
      const screen = await loadMode(mode).then(
        () => true,
        () => false,
      );
      if (!screen) {
        setError(t("pair.offline"));
        return;
      }
      const result = await runtime.api.pair(
        pairingCode,
        name.trim() || t("pair.defaultName"),
        mode,
      );
      if (result.kind === "network") {
        setError(t("pair.offline"));
        return;
      }
      if (result.kind === "outdated") {
        runtime.outdated.set(result.side);
        return;
      }
      if (result.kind === "error") {
        const known =
          result.status === 410
            ? t("pair.expired")
            : result.status === 404
              ? t("pair.unknown")
              : null;
        setError(known ?? t("pair.failed", { message: result.message }));
        return;
      }
      const parsed = parsePairAnswer(result.body);
      if (!parsed.ok) {
        setError(t("pair.badAnswer", { problem: parsed.problem }));
        return;
      }
      const now = Date.now();
      const device: DeviceConfig = {
        ...parsed.config,
        deviceName: name.trim() || t("pair.defaultName"),
        pairedAt: now,
        refreshedAt: now,
      };
      const next = { ...settings, mode };
      await runtime.durable(() =>
        storePairing(runtime.db, device, next, previous?.merchant.id === device.merchant.id),
      );
      runtime.settings.set(next);
      runtime.device.set(device);
      if (window.location.search.includes("pair="))
        window.history.replaceState(null, "", window.location.pathname);
    } catch (failure) {
      setError(describeStorage(t, classifyStorageError(failure)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="pairing">
      <div className="pairing__card">
        <div className="pairing__brand">
          <img
            src={`${import.meta.env.BASE_URL}icons/icon-192.png`}
            alt=""
            width={56}
            height={56}
          />
          <div>
            <h1>{t("pair.title")}</h1>
            <p className="muted">{t("pair.intro")}</p>
          </div>
        </div>

        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            void pair();
          }}
        >
          <label className="form-row">
            <span>{t("pair.code")}</span>
            <div className="manual-entry__row">
              <input
                className="input input--code"
                value={code}
                onChange={(event) => setCode(event.target.value)}
                autoComplete="one-time-code"
                autoCapitalize="characters"
                spellCheck={false}
                required
                data-testid="pair-code"
              />
              <button
                type="button"
                className="button"
                onClick={() => setScanning((s) => !s)}
                aria-pressed={scanning}
              >
                <Icon name="camera" size={20} /> {t("pair.scan")}
              </button>
            </div>
          </label>
          {scanning && (
            <CameraView
              facing="environment"
              active={scanning}
              onCode={(scanned) => {
                setScanning(false);
                setCode(pairingCodeFrom(scanned));
              }}
            />
          )}
          <label className="form-row">
            <span>{t("pair.name")}</span>
            <input
              className="input"
              value={name}
              onChange={(event) => setName(event.target.value)}
              maxLength={60}
            />
          </label>
          <fieldset className="form-row">
            <legend>{t("pair.mode")}</legend>
            <div className="mode-cards">
              {MODES.map((option) => (
                <label
                  key={option}
                  className={option === mode ? "mode-card mode-card--on" : "mode-card"}
                >
                  <input
                    type="radio"
                    name="mode"
                    checked={option === mode}
                    onChange={() => setMode(option)}
                  />
                  <Icon name={MODE_ICONS[option]} size={28} />
                  <strong>{t(`mode.${option}`)}</strong>
                  <span>{t(`mode.${option}.hint`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <OutdatedNotice />
          {error && (
            <p className="notice notice--error" role="alert" data-testid="pair-error">
              <Icon name="alert" /> {error}
            </p>
          )}
          <button
            type="submit"
            className="button button--primary button--large button--block"
            disabled={busy}
            data-testid="pair-submit"
          >
            {busy ? t("pair.pairing") : t("pair.submit")}
          </button>
        </form>

        <nav className="language-switch language-switch--plain" aria-label={t("settings.language")}>
          {LANGUAGES.map((language) => (
            <button
              key={language}
              type="button"
              lang={language}
              className={
                language === settings.language
                  ? "language-switch__option language-switch__option--on"
                  : "language-switch__option"
              }
              aria-pressed={language === settings.language}
              onClick={() => void changeSettings(runtime, (s) => ({ ...s, language }))}
            >
              {LANGUAGE_NAMES[language]}
            </button>
          ))}
        </nav>
      </div>
    </div>
  );
}
