import type { Language } from "../i18n/languages";
import { DEFAULT_WEDGE_OPTIONS, type WedgeOptions } from "../wedge";

export const MODES = ["staff", "kiosk", "autopilot"] as const;
export type Mode = (typeof MODES)[number];

/** The scanner settings staff can change (by hand or from the calibration screen). */
export type WedgeSettings = Pick<
  WedgeOptions,
  "maxAvgMsPerChar" | "maxGapMs" | "endSilenceMs" | "minLength" | "prefix" | "suffix"
>;

/** Device-local choices staff make; kept in Dexie next to the pairing config. */
export interface Settings {
  readonly mode: Mode;
  readonly language: Language;
  readonly wedge: WedgeSettings;
  readonly sound: boolean;
}

/**
 * The wedge module's timing defaults (60 ms/char accepts Bluetooth scanners at ~50 ms and refuses
 * people at ~230 ms); the minimum length is raised to fit card codes, which are 157+ characters,
 * so short bursts of fast typing never count.
 */
export const DEFAULT_WEDGE: WedgeSettings = {
  maxAvgMsPerChar: DEFAULT_WEDGE_OPTIONS.maxAvgMsPerChar,
  maxGapMs: DEFAULT_WEDGE_OPTIONS.maxGapMs,
  endSilenceMs: DEFAULT_WEDGE_OPTIONS.endSilenceMs,
  minLength: 100,
  prefix: DEFAULT_WEDGE_OPTIONS.prefix,
  suffix: DEFAULT_WEDGE_OPTIONS.suffix,
};

export function defaultSettings(mode: Mode, language: Language): Settings {
  return { mode, language, wedge: DEFAULT_WEDGE, sound: true };
}
