import { useEffect, useState } from "react";
import { useRuntime, useStore, useT } from "../../app/hooks";
import { changeSettings } from "../../app/settings-actions";
import { DEFAULT_WEDGE, type WedgeSettings } from "../../device/settings";
import { Dialog, type DialogControl } from "../../ui/Dialog";
import { resolveWedgeOptions, type SuffixKey } from "../../wedge";

const SUFFIXES: readonly SuffixKey[] = ["Enter", "Tab", "none"];

/** Scanner timing, prefix, suffix and minimum length, checked by the wedge module before saving. */
export function ScannerSettingsDialog({ open, onClose }: DialogControl) {
  const { t } = useT();
  const runtime = useRuntime();
  const settings = useStore(runtime.settings);
  const [draft, setDraft] = useState<WedgeSettings>(settings.wedge);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      setDraft(settings.wedge);
      setError(null);
    }
  }, [open, settings.wedge]);

  const save = async () => {
    try {
      resolveWedgeOptions(draft);
    } catch (problem) {
      setError(problem instanceof Error ? problem.message : String(problem));
      return;
    }
    await changeSettings(runtime, (s) => ({ ...s, wedge: draft }));
    onClose();
  };

  const number = (
    key: "maxAvgMsPerChar" | "maxGapMs" | "endSilenceMs" | "minLength",
    label: string,
  ) => (
    <label className="form-row">
      <span>{label}</span>
      <input
        className="input"
        type="number"
        min={key === "minLength" ? 2 : 1}
        value={draft[key]}
        onChange={(event) => setDraft((d) => ({ ...d, [key]: Number(event.target.value) }))}
      />
    </label>
  );

  return (
    <Dialog open={open} title={t("scanner.title")} onClose={onClose}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {number("maxAvgMsPerChar", t("scanner.msPerChar"))}
        {number("maxGapMs", t("scanner.maxGap"))}
        {number("endSilenceMs", t("scanner.endSilence"))}
        {number("minLength", t("scanner.minLength"))}
        <label className="form-row">
          <span>{t("scanner.prefix")}</span>
          <input
            className="input"
            value={draft.prefix}
            placeholder={t("scanner.none")}
            onChange={(event) => setDraft((d) => ({ ...d, prefix: event.target.value }))}
          />
        </label>
        <fieldset className="form-row">
          <legend>{t("scanner.suffix")}</legend>
          <div className="segmented">
            {SUFFIXES.map((suffix) => (
              <label key={suffix} className="segmented__option">
                <input
                  type="radio"
                  name="suffix"
                  checked={draft.suffix === suffix}
                  onChange={() => setDraft((d) => ({ ...d, suffix }))}
                />
                <span className="segmented__label">
                  {suffix === "none" ? t("scanner.none") : suffix}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {error && (
          <p className="pin__error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={() => setDraft(DEFAULT_WEDGE)}>
            {t("scanner.defaults")}
          </button>
          <button type="submit" className="button button--primary">
            {t("common.save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
