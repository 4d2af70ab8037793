import type { Program } from "@stamp/core";
import { useEffect, useRef, useState } from "react";
import { useRuntime, useSession, useT } from "../../app/hooks";
import type { WalletLost } from "../../app/session";
import { changeSettings } from "../../app/settings-actions";
import { CameraView } from "../../camera/CameraView";
import { type CardRefusal, needsRefresh } from "../../cards/card-check";
import { describeCardRefusal } from "../../ui/describe";
import { Icon } from "../../ui/icons";
import { checkStaffCode } from "../scanned-code";
import { CardPanel } from "./CardPanel";
import { ManualEntry } from "./ManualEntry";

type StaffView =
  | { readonly kind: "ready" }
  | { readonly kind: "checking" }
  | { readonly kind: "refused"; readonly refusal: CardRefusal }
  | {
      readonly kind: "card";
      readonly cardId: string;
      readonly program: Program;
      /** Set when the scan was a voucher's own code rather than the card's. */
      readonly voucherId: string | undefined;
    };

/**
 * Staff Scanner: the back camera opens on a tap (installed iOS apps ask for the camera on each
 * launch) and closes once a card is read; the card's progress and actions follow.
 */
export function StaffScreen() {
  const { t } = useT();
  const session = useSession();
  const runtime = useRuntime();
  const { activity } = runtime;
  const [view, setView] = useState<StaffView>({ kind: "ready" });
  const [walletLost, setWalletLost] = useState<{ cardId: string; lost: WalletLost } | null>(null);
  const [cameraOn, setCameraOn] = useState(false);
  const manual = useRef<HTMLDivElement>(null);

  // A card open at the till, or the camera looking for one, is the middle of a scan.
  useEffect(() => {
    if (view.kind === "ready" && !cameraOn) return;
    return activity.hold();
  }, [activity, view.kind, cameraOn]);

  const onCode = async (code: string) => {
    setCameraOn(false);
    setView({ kind: "checking" });
    const check = await checkStaffCode(session, code, Date.now());
    if (!check.ok) {
      if (needsRefresh(check.refusal)) void session.refreshConfig().catch(() => {});
      setView({ kind: "refused", refusal: check.refusal });
      return;
    }
    // Asked alongside, never waited for: offline (or slow) the scan goes on as it is.
    setWalletLost(null);
    void session.walletLost(check.cardId).then((lost) => {
      if (lost) setWalletLost({ cardId: check.cardId, lost });
    });
    setView({
      kind: "card",
      cardId: check.cardId,
      program: check.program,
      voucherId: check.voucherId,
    });
  };

  const scanner = (
    <section className="panel staff__scanner" aria-labelledby="staff-scan-title">
      <h2 id="staff-scan-title" className="panel__title">
        {t("staff.scanTitle")}
      </h2>
      {cameraOn ? (
        <>
          <CameraView
            facing="environment"
            active={cameraOn}
            onCode={(code) => void onCode(code)}
            help={
              <>
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setCameraOn(false);
                    const input = manual.current?.querySelector("input");
                    input?.focus();
                    input?.scrollIntoView({ block: "center" });
                  }}
                  data-testid="camera-type-number"
                >
                  <Icon name="keyboard" size={22} />
                  {t("camera.typeNumber")}
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => void changeSettings(runtime, (s) => ({ ...s, mode: "autopilot" }))}
                  data-testid="camera-use-autopilot"
                >
                  <Icon name="scan" size={22} />
                  {t("camera.useAutopilot")}
                </button>
              </>
            }
          />
          <button type="button" className="button button--block" onClick={() => setCameraOn(false)}>
            {t("staff.stopCamera")}
          </button>
        </>
      ) : (
        <button
          type="button"
          className="scan-button"
          onClick={() => {
            setView({ kind: "ready" });
            setCameraOn(true);
          }}
          data-testid="open-camera"
        >
          <Icon name="camera" size={48} strokeWidth={1.6} />
          <span className="scan-button__label">{t("staff.tapToScan")}</span>
          <span className="scan-button__hint">{t("staff.tapToScanHint")}</span>
        </button>
      )}
      <div ref={manual}>
        <ManualEntry onCode={(code) => void onCode(code)} busy={view.kind === "checking"} />
      </div>
    </section>
  );

  return (
    <div className={`staff staff--${view.kind}`}>
      {scanner}
      <div className="staff__result" aria-live="polite">
        {view.kind === "ready" && (
          <div className="empty-state">
            <Icon name="scan" size={56} strokeWidth={1.4} />
            <p>{t("staff.emptyState")}</p>
          </div>
        )}
        {view.kind === "checking" && <div className="empty-state">{t("staff.checking")}</div>}
        {view.kind === "refused" && (
          <div className="notice notice--error" role="alert" data-testid="card-refused">
            <Icon name="x" size={32} />
            <div>
              <strong>{t("staff.refusedTitle")}</strong>
              <p>{describeCardRefusal(t, view.refusal)}</p>
            </div>
          </div>
        )}
        {view.kind === "card" && (
          <CardPanel
            key={`${view.cardId}|${view.voucherId ?? ""}`}
            cardId={view.cardId}
            program={view.program}
            scannedVoucher={view.voucherId}
            walletLost={walletLost?.cardId === view.cardId ? walletLost.lost : null}
            onDone={() => setView({ kind: "ready" })}
          />
        )}
      </div>
    </div>
  );
}
