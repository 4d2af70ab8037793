import type { SetupMessageKey } from "./messages/en";

export const PLATFORMS = ["ipados", "android", "windows", "macos", "chromeos"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** What sits at the row's end in a drawing of the device's settings. */
export type Control =
  | { readonly kind: "none" }
  | { readonly kind: "toggle" }
  | { readonly kind: "chevron" }
  | { readonly kind: "radio"; readonly on: boolean }
  | { readonly kind: "checkbox" }
  | { readonly kind: "button" }
  | { readonly kind: "select"; readonly value: SetupMessageKey };

/** A row's label: a catalogue key, or the CA's own name (what the device lists). */
export type RowLabel = SetupMessageKey | "ca-name";

export interface DrawingRow {
  readonly label: RowLabel;
  readonly control: Control;
  /** The row to tap: drawn with the accent outline. */
  readonly highlight?: boolean;
}

export interface PlatformGuide {
  readonly name: SetupMessageKey;
  readonly steps: readonly SetupMessageKey[];
  /** The screen where the trust is given, drawn schematically in the device's own words. */
  readonly drawing: { readonly title: RowLabel; readonly rows: readonly DrawingRow[] };
}

const none = { kind: "none" } as const;
const chevron = { kind: "chevron" } as const;

/** Per platform: the steps on `/setup` and the screen that matters most. */
export const GUIDES: Readonly<Record<Platform, PlatformGuide>> = {
  ipados: {
    name: "ipados.name",
    steps: ["ipados.step1", "ipados.step2", "ipados.step3", "ipados.step4"],
    drawing: {
      title: "ipados.ui.trust",
      rows: [
        { label: "ipados.ui.fullTrust", control: none },
        { label: "ca-name", control: { kind: "toggle" }, highlight: true },
      ],
    },
  },
  android: {
    name: "android.name",
    steps: ["android.step1", "android.step2", "android.step3", "android.step4"],
    drawing: {
      title: "android.ui.install",
      rows: [
        { label: "android.ui.ca", control: chevron, highlight: true },
        { label: "android.ui.vpn", control: chevron },
        { label: "android.ui.wifi", control: chevron },
      ],
    },
  },
  windows: {
    name: "windows.name",
    steps: ["windows.step1", "windows.step2", "windows.step3", "windows.step4"],
    drawing: {
      title: "windows.ui.wizard",
      rows: [
        { label: "windows.ui.auto", control: { kind: "radio", on: false } },
        { label: "windows.ui.place", control: { kind: "radio", on: true } },
        { label: "windows.ui.store", control: { kind: "button" }, highlight: true },
      ],
    },
  },
  macos: {
    name: "macos.name",
    steps: ["macos.step1", "macos.step2", "macos.step3", "macos.step4"],
    drawing: {
      title: "ca-name",
      rows: [
        { label: "macos.ui.trust", control: none },
        {
          label: "macos.ui.when",
          control: { kind: "select", value: "macos.ui.always" },
          highlight: true,
        },
        { label: "macos.ui.ssl", control: { kind: "select", value: "macos.ui.always" } },
      ],
    },
  },
  chromeos: {
    name: "chromeos.name",
    steps: ["chromeos.step1", "chromeos.step2", "chromeos.step3", "chromeos.step4"],
    drawing: {
      title: "chromeos.ui.manage",
      rows: [
        { label: "chromeos.ui.authorities", control: none },
        { label: "chromeos.ui.import", control: { kind: "button" }, highlight: true },
        { label: "chromeos.ui.websites", control: { kind: "checkbox" }, highlight: true },
      ],
    },
  },
};

/**
 * The guides to open first, from the browser's User-Agent. iPadOS Safari says "Macintosh", so a
 * Mac user agent opens both Apple guides.
 */
export function likelyPlatforms(userAgent: string): Platform[] {
  if (/Android/i.test(userAgent)) return ["android"];
  if (/iPad|iPhone|iPod/.test(userAgent)) return ["ipados"];
  if (/CrOS/.test(userAgent)) return ["chromeos"];
  if (/Windows/.test(userAgent)) return ["windows"];
  if (/Macintosh/.test(userAgent)) return ["ipados", "macos"];
  return [];
}
