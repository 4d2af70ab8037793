import { useEffect, useState } from "react";
import { useRuntime, useStore, useT } from "../../app/hooks";
import { changeSettings } from "../../app/settings-actions";
import { Dialog, type DialogControl } from "../../ui/Dialog";
import { Icon } from "../../ui/icons";
import { attachWedge, CALIBRATION_OPTIONS, type Calibration, calibrate } from "../../wedge";

type Measure =
  | { readonly kind: "waiting" }
  | { readonly kind: "measured"; readonly calibration: Calibration }
  | { readonly kind: "too-slow"; readonly chars: number };

/**
 * "Scan a test card": listens with the loosest timing the wedge module allows, measures the
 * scanner's speed from the keydown times and offers timing settings with headroom.
 */
export function CalibrationDialog({ open, onClose }: DialogControl) {
  const { t } = useT();
  const runtime = useRuntime();
  const settings = useStore(runtime.settings);
  const [measure, setMeasure] = useState<Measure>({ kind: "waiting" });

  useEffect(() => {
    if (!open) return;
    setMeasure({ kind: "waiting" });
    const { prefix, suffix, minLength } = settings.wedge;
    return attachWedge(window, { ...CALIBRATION_OPTIONS, prefix, suffix, minLength }, (event) => {
      if (event.kind === "scan")
        setMeasure({ kind: "measured", calibration: calibrate(event.keyTimes) });
      else if (
        event.kind === "rejected" &&
        event.reason === "too-slow" &&
        event.text.length >= minLength
      )
        setMeasure({ kind: "too-slow", chars: event.text.length });
    });
  }, [open, settings.wedge]);

  const apply = async (calibration: Calibration) => {
    await changeSettings(runtime, (s) => ({
      ...s,
      wedge: { ...s.wedge, ...calibration.suggested },
    }));
    onClose();
  };

  return (
    <Dialog open={open} title={t("calibrate.title")} onClose={onClose}>
      {measure.kind === "waiting" && (
        <div className="calibrate calibrate--waiting" aria-live="polite">
          <Icon name="scan" size={56} strokeWidth={1.4} />
          <p className="calibrate__lead">{t("calibrate.scanTestCard")}</p>
          <p className="muted">{t("calibrate.hint")}</p>
        </div>
      )}
      {measure.kind === "too-slow" && (
        <div className="notice notice--error" role="alert">
          <Icon name="alert" />
          <p>{t("calibrate.tooSlow")}</p>
        </div>
      )}
      {measure.kind === "measured" && (
        <div className="calibrate" aria-live="polite">
          <dl className="facts">
            <div>
              <dt>{t("calibrate.chars")}</dt>
              <dd>{measure.calibration.chars}</dd>
            </div>
            <div>
              <dt>{t("calibrate.mean")}</dt>
              <dd>{t("calibrate.ms", { value: measure.calibration.meanMsPerChar.toFixed(1) })}</dd>
            </div>
            <div>
              <dt>{t("calibrate.p95")}</dt>
              <dd>{t("calibrate.ms", { value: measure.calibration.p95GapMs.toFixed(0) })}</dd>
            </div>
            <div>
              <dt>{t("calibrate.max")}</dt>
              <dd>{t("calibrate.ms", { value: measure.calibration.maxGapMs.toFixed(0) })}</dd>
            </div>
          </dl>
          <p>
            {t("calibrate.suggestion", {
              avg: measure.calibration.suggested.maxAvgMsPerChar,
              gap: measure.calibration.suggested.maxGapMs,
            })}
          </p>
          <div className="dialog__actions">
            <button
              type="button"
              className="button"
              onClick={() => setMeasure({ kind: "waiting" })}
            >
              {t("calibrate.again")}
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={() => void apply(measure.calibration)}
            >
              {t("calibrate.use")}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
