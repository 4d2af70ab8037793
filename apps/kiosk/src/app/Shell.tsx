import { type ReactNode, useState } from "react";
import { MODES, type Mode } from "../device/settings";
import { SettingsDialog } from "../settings/SettingsDialog";
import { StaffBadge } from "../staff/StaffBadge";
import { Banners } from "../ui/Banners";
import { Icon, type IconName } from "../ui/icons";
import { StatusBar } from "../ui/StatusBar";
import { useRuntime, useSession, useStore, useT } from "./hooks";
import { changeSettings } from "./settings-actions";

const MODE_ICONS: Readonly<Record<Mode, IconName>> = {
  staff: "camera",
  kiosk: "store",
  autopilot: "keyboard",
};

/**
 * Staff-facing frame: who this device serves, the mode switch, settings, banners and status. The
 * status bar has its own row under the scrolling body, so it never lies over a button.
 */
export function Shell({ children }: { readonly children: ReactNode }) {
  const { t } = useT();
  const runtime = useRuntime();
  const session = useSession();
  const settings = useStore(runtime.settings);
  const [settingsOpen, setSettingsOpen] = useState(false);
  return (
    <div className="shell">
      <header className="topbar">
        <div className="topbar__brand">
          <img
            src={`${import.meta.env.BASE_URL}icons/icon-192.png`}
            alt=""
            width={36}
            height={36}
          />
          <div className="topbar__names">
            <strong>{session.device.merchant.name}</strong>
            <span>{session.device.location.name}</span>
          </div>
        </div>
        <nav className="mode-switch" aria-label={t("mode.switch")}>
          {MODES.map((mode) => (
            <button
              key={mode}
              type="button"
              className={
                mode === settings.mode
                  ? "mode-switch__tab mode-switch__tab--on"
                  : "mode-switch__tab"
              }
              aria-pressed={mode === settings.mode}
              onClick={() => void changeSettings(runtime, (s) => ({ ...s, mode }))}
              data-testid={`mode-${mode}`}
            >
              <Icon name={MODE_ICONS[mode]} size={20} />
              <span>{t(`mode.${mode}`)}</span>
            </button>
          ))}
        </nav>
        <StaffBadge />
        <button
          type="button"
          className="icon-button topbar__settings"
          onClick={() => setSettingsOpen(true)}
          aria-label={t("settings.title")}
          data-testid="open-settings"
        >
          <Icon name="settings" />
        </button>
      </header>
      <div className="shell__body">
        <Banners />
        <main className="screen">{children}</main>
      </div>
      <StatusBar />
      <SettingsDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </div>
  );
}
