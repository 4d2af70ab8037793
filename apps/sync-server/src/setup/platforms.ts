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
    name: "setup.ipados.name",
    steps: ["setup.ipados.step1", "setup.ipados.step2", "setup.ipados.step3", "setup.ipados.step4"],
    drawing: {
      title: "setup.ipados.ui.trust",
      rows: [
        { label: "setup.ipados.ui.fullTrust", control: none },
        { label: "ca-name", control: { kind: "toggle" }, highlight: true },
      ],
    },
  },
  android: {
    name: "setup.android.name",
    steps: [
      "setup.android.step1",
      "setup.android.step2",
      "setup.android.step3",
      "setup.android.step4",
    ],
    drawing: {
      title: "setup.android.ui.install",
      rows: [
        { label: "setup.android.ui.ca", control: chevron, highlight: true },
        { label: "setup.android.ui.vpn", control: chevron },
        { label: "setup.android.ui.wifi", control: chevron },
      ],
    },
  },
  windows: {
    name: "setup.windows.name",
    steps: [
      "setup.windows.step1",
      "setup.windows.step2",
      "setup.windows.step3",
      "setup.windows.step4",
    ],
    drawing: {
      title: "setup.windows.ui.wizard",
      rows: [
        { label: "setup.windows.ui.auto", control: { kind: "radio", on: false } },
        { label: "setup.windows.ui.place", control: { kind: "radio", on: true } },
        { label: "setup.windows.ui.store", control: { kind: "button" }, highlight: true },
      ],
    },
  },
  macos: {
    name: "setup.macos.name",
    steps: ["setup.macos.step1", "setup.macos.step2", "setup.macos.step3", "setup.macos.step4"],
    drawing: {
      title: "ca-name",
      rows: [
        { label: "setup.macos.ui.trust", control: none },
        {
          label: "setup.macos.ui.when",
          control: { kind: "select", value: "setup.macos.ui.always" },
          highlight: true,
        },
        {
          label: "setup.macos.ui.ssl",
          control: { kind: "select", value: "setup.macos.ui.always" },
        },
      ],
    },
  },
  chromeos: {
    name: "setup.chromeos.name",
    steps: [
      "setup.chromeos.step1",
      "setup.chromeos.step2",
      "setup.chromeos.step3",
      "setup.chromeos.step4",
    ],
    drawing: {
      title: "setup.chromeos.ui.manage",
      rows: [
        { label: "setup.chromeos.ui.authorities", control: none },
        { label: "setup.chromeos.ui.import", control: { kind: "button" }, highlight: true },
        { label: "setup.chromeos.ui.websites", control: { kind: "checkbox" }, highlight: true },
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
