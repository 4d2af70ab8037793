import { useEffect, useRef, useState } from "react";
import { useRuntime, useSession, useStore, useT } from "../../app/hooks";
import { changeSettings } from "../../app/settings-actions";
import { CameraView } from "../../camera/CameraView";
import { LANGUAGE_NAMES, LANGUAGES } from "../../i18n/languages";
import { formatMoney } from "../../ui/describe";
import { Icon } from "../../ui/icons";
import { JoinQr } from "../../ui/JoinQr";
import { PinDialog } from "../../ui/PinDialog";
import { brandStyle } from "../../ui/StampGrid";
import { StatusBar } from "../../ui/StatusBar";
import { scanUnattended, type UnattendedResult } from "../unattended-stamp";
import { KioskResult } from "./KioskResult";
import { type LastStamp, rememberStamp, sameVisit } from "./same-visit";

type KioskView =
  | { readonly kind: "attract" }
  | { readonly kind: "working" }
  | { readonly kind: "result"; readonly result: UnattendedResult };

/** How long a result stays up before the attract screen returns; a reward gets longer. */
const RESULT_MS = 6_000;
const REWARD_MS = 10_000;

async function cameraAlreadyAllowed(): Promise<boolean> {
  try {
    const status = await navigator.permissions?.query({ name: "camera" as PermissionName });
    return status?.state === "granted";
  } catch {
    return false;
  }
}

/**
 * Self-service kiosk, customer-facing: the customer holds the wallet card to the front camera,
 * the stamp is added within the program's limits, progress shows big, then back to attract.
 */
export function KioskScreen() {
  const { t, language } = useT();
  const runtime = useRuntime();
  const session = useSession();
  // Who opened Kiosk mode: its stamps carry them (stamp-core SPEC V9).
  const signedIn = useStore(session.staff.signedIn);
  const settings = useStore(runtime.settings);
  const [view, setView] = useState<KioskView>({ kind: "attract" });
  const [cameraArmed, setCameraArmed] = useState(false);
  /** What the staff PIN unlocks: the staff screen, or Autopilot when the camera cannot work. */
  const [pinFor, setPinFor] = useState<"staff" | "autopilot" | null>(null);
  const viewRef = useRef(view);
  viewRef.current = view;
  const lastStamp = useRef<LastStamp | null>(null);
  const program = session.device.programs[0];
  const joinUrl = program && session.device.joinLinks?.[program.id];

  useEffect(() => {
    void cameraAlreadyAllowed().then((granted) => granted && setCameraArmed(true));
    return () => runtime.customerLanguage.set(null);
  }, [runtime]);

  // Back to attract after a while; the next customer gets the device's language again.
  useEffect(() => {
    if (view.kind !== "result") return;
    const release = runtime.activity.hold();
    const rewarded =
      (view.result.kind === "stamped" && view.result.newRewards.length > 0) ||
      view.result.kind === "voucher";
    const timer = setTimeout(
      () => {
        setView({ kind: "attract" });
        runtime.customerLanguage.set(null);
      },
      rewarded ? REWARD_MS : RESULT_MS,
    );
    return () => {
      clearTimeout(timer);
      release();
    };
  }, [view, runtime]);

  const onCode = async (code: string) => {
    if (viewRef.current.kind !== "attract") return;
    const again = sameVisit(lastStamp.current, code, Date.now());
    if (again) {
      setView({ kind: "result", result: again });
      return;
    }
    setView({ kind: "working" });
    const release = runtime.activity.hold();
    try {
      const result = await scanUnattended(session, code, "kiosk");
      lastStamp.current = rememberStamp(code, result, Date.now());
      setView({ kind: "result", result });
    } finally {
      release();
    }
  };

  const design = program?.design ?? {
    background: "#1f3a5f",
    foreground: "#ffffff",
    accent: "#f2a93b",
    stampIcon: "star" as const,
  };

  return (
    <div className="kiosk" style={brandStyle(design)}>
      <header className="kiosk__top">
        <span className="kiosk__merchant">{session.device.merchant.name}</span>
        {signedIn ? (
          <span className="kiosk__signed-in" data-testid="kiosk-signed-in">
            <bdi>{signedIn.name}</bdi>
          </span>
        ) : null}
        <button
          type="button"
          className="kiosk__staff"
          onClick={() => setPinFor("staff")}
          aria-label={t("kiosk.staff")}
        >
          <Icon name="lock" size={20} />
        </button>
        <nav className="language-switch" aria-label={t("kiosk.language")}>
          {LANGUAGES.map((code) => (
            <button
              key={code}
              type="button"
              lang={code}
              className={
                code === language
                  ? "language-switch__option language-switch__option--on"
                  : "language-switch__option"
              }
              aria-pressed={code === language}
              onClick={() => runtime.customerLanguage.set(code === settings.language ? null : code)}
            >
              {LANGUAGE_NAMES[code]}
            </button>
          ))}
        </nav>
      </header>

      <main className="kiosk__stage" aria-live="polite">
        {view.kind !== "result" && (
          <div className="kiosk__attract">
            <div className="kiosk__copy">
              <h1 className="kiosk__headline">{t("kiosk.headline")}</h1>
              <p className="kiosk__sub">
                {view.kind === "working" ? t("kiosk.working") : t("kiosk.instructions")}
              </p>
              {program && (
                <p className="kiosk__offer">
                  <Icon name="gift" size={28} />
                  {t("kiosk.offer", { count: program.goal, reward: program.reward.title })}
                </p>
              )}
            </div>
            <div className="kiosk__camera">
              {cameraArmed ? (
                <CameraView
                  facing="user"
                  active
                  onCode={(code) => void onCode(code)}
                  audience="customer"
                  help={
                    <button
                      type="button"
                      className="button"
                      onClick={() => setPinFor("autopilot")}
                      data-testid="camera-use-autopilot"
                    >
                      <Icon name="lock" size={20} />
                      {t("camera.useAutopilot")}
                    </button>
                  }
                />
              ) : (
                <button
                  type="button"
                  className="scan-button scan-button--kiosk"
                  onClick={() => setCameraArmed(true)}
                  data-testid="kiosk-start"
                >
                  <Icon name="camera" size={56} strokeWidth={1.5} />
                  <span className="scan-button__label">{t("kiosk.tapToStart")}</span>
                </button>
              )}
            </div>
            {joinUrl && <JoinQr url={joinUrl} />}
          </div>
        )}
        {view.kind === "result" && (
          <KioskResult
            result={view.result}
            onDone={() => {
              setView({ kind: "attract" });
              runtime.customerLanguage.set(null);
            }}
            money={(currency, minor) => formatMoney(language, currency, minor)}
          />
        )}
      </main>

      <StatusBar compact />
      <PinDialog
        open={pinFor !== null}
        reason={t("kiosk.leaveReason")}
        onClose={() => setPinFor(null)}
        onUnlocked={() => {
          const mode = pinFor ?? "staff";
          setPinFor(null);
          void changeSettings(runtime, (s) => ({ ...s, mode }));
        }}
      />
    </div>
  );
}
