import { useLayoutEffect, useRef, useState } from "react";
import { useLiveQuery, useRuntime, useSession, useStore, useT } from "../../app/hooks";
import { playTone, type Tone } from "../../audio/feedback-sound";
import { isWholeCode } from "../../cards/whole-code";
import type { ScanRecord } from "../../storage/db";
import { latestScans } from "../../storage/live-queries";
import { Icon } from "../../ui/icons";
import { attachWedge, type WedgeEvent } from "../../wedge";
import { CheckAhead } from "../check-ahead";
import { checkScannedCode } from "../scanned-code";
import { scanUnattended, type UnattendedResult } from "../unattended-stamp";
import { CalibrationDialog } from "./CalibrationDialog";
import { describeResult } from "./describe-result";
import { ScanList } from "./ScanList";
import { ScannerSettingsDialog } from "./ScannerSettingsDialog";

const NO_SCANS: readonly ScanRecord[] = [];

type Flash = {
  readonly tone: Tone;
  readonly title: string;
  readonly detail: string;
  readonly seq: number;
};

function toneOf(result: UnattendedResult): Tone {
  switch (result.kind) {
    case "stamped":
      return "ok";
    case "refused":
      return "refused";
    case "voucher":
      return result.outcome === "redeemed" ? "ok" : "refused";
    case "invalid":
    case "not-saved":
      return "error";
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

/**
 * Autopilot: a keyboard-wedge scanner "types" card codes anywhere on the page (no field needs
 * focus); each code is verified, checked against the program's limits for the autopilot
 * channel, made durable, then confirmed by a beep and a flash. Scans are handled one at a time,
 * in the order they came.
 */
export function AutopilotScreen() {
  const { t, language } = useT();
  const runtime = useRuntime();
  const session = useSession();
  const settings = useStore(runtime.settings);
  const [flash, setFlash] = useState<Flash | null>(null);
  const [typingNote, setTypingNote] = useState(false);
  const [dialog, setDialog] = useState<"none" | "calibrate" | "settings">("none");
  const queue = useRef<Promise<void>>(Promise.resolve());
  const seq = useRef(0);
  const scans = useLiveQuery(latestScans);
  const soundOn = settings.sound;

  // A layout effect: the listener is attached before the screen shows, so no keystroke of a
  // scan that starts right away is missed.
  useLayoutEffect(() => {
    // Calibration listens with its own, looser timing.
    if (dialog === "calibrate") return;
    let noteTimer: ReturnType<typeof setTimeout> | undefined;
    const ahead = new CheckAhead((code) => checkScannedCode(session, code, Date.now()));
    const onEvent = (event: WedgeEvent): void => {
      switch (event.kind) {
        case "complete":
          // The verify and the card's read run while the suffix is on its way.
          ahead.start(event.code);
          break;
        case "scan": {
          const release = runtime.activity.hold();
          // Taken now, in the order of the scans; the previous scans may still be writing.
          const checked = ahead.take(event.code);
          queue.current = queue.current
            .then(async () => {
              const result = await scanUnattended(session, event.code, "autopilot", checked);
              const tone = toneOf(result);
              if (soundOn) playTone(tone);
              seq.current += 1;
              setFlash({ tone, ...describeResult(t, result, language), seq: seq.current });
            })
            .finally(release);
          break;
        }
        case "rejected":
          // A person typing: nothing is stamped; say so briefly, never keep what was typed.
          if (event.reason === "too-slow") {
            setTypingNote(true);
            clearTimeout(noteTimer);
            noteTimer = setTimeout(() => setTypingNote(false), 3_000);
          }
          break;
        case "duplicate":
          break;
        default: {
          const unreachable: never = event;
          throw new Error(`unknown wedge event ${JSON.stringify(unreachable)}`);
        }
      }
    };
    const detach = attachWedge(window, settings.wedge, onEvent, isWholeCode);
    return () => {
      detach();
      clearTimeout(noteTimer);
    };
  }, [dialog, settings.wedge, session, runtime, soundOn, t, language]);

  return (
    <div className="autopilot">
      <section
        className={`autopilot__status ${flash ? `autopilot__status--${flash.tone}` : ""}`}
        aria-live="assertive"
        data-testid="autopilot-status"
        data-tone={flash?.tone ?? "idle"}
      >
        {flash && (
          <div key={flash.seq} className={`flash flash--${flash.tone}`} aria-hidden="true" />
        )}
        <Icon
          name={flash ? (flash.tone === "ok" ? "check" : "alert") : "scan"}
          size={64}
          strokeWidth={1.8}
        />
        <h2 className="autopilot__title">{flash ? flash.title : t("autopilot.ready")}</h2>
        <p className="autopilot__detail">{flash ? flash.detail : t("autopilot.readyHint")}</p>
        {typingNote && (
          <p className="autopilot__typing" role="status">
            <Icon name="keyboard" size={18} /> {t("autopilot.typingIgnored")}
          </p>
        )}
      </section>

      <section className="panel autopilot__recent" aria-labelledby="recent-title">
        <div className="panel__head">
          <h2 id="recent-title" className="panel__title">
            {t("autopilot.recent")}
          </h2>
          <div className="panel__tools">
            <button
              type="button"
              className="button button--small"
              onClick={() => setDialog("calibrate")}
            >
              <Icon name="scan" size={18} /> {t("autopilot.calibrate")}
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() => setDialog("settings")}
            >
              <Icon name="settings" size={18} /> {t("autopilot.settings")}
            </button>
          </div>
        </div>
        <ScanList scans={scans ?? NO_SCANS} />
      </section>

      <CalibrationDialog open={dialog === "calibrate"} onClose={() => setDialog("none")} />
      <ScannerSettingsDialog open={dialog === "settings"} onClose={() => setDialog("none")} />
    </div>
  );
}
