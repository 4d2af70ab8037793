import { lazy } from "react";
import type { Mode } from "../device/settings";

/**
 * The screens the first load does not need: each mode's screen (with its card panel, camera and
 * scanner code) and pairing come in their own chunks, which the service worker precaches, so a
 * till that goes offline after its first load still opens every one of them.
 */
const loaders = {
  staff: () => import("../modes/staff/StaffScreen"),
  kiosk: () => import("../modes/kiosk/KioskScreen"),
  autopilot: () => import("../modes/autopilot/AutopilotScreen"),
} satisfies Record<Mode, () => Promise<unknown>>;

/** Starts loading a mode's screen while the session opens, so showing it does not wait. */
export function preloadMode(mode: Mode): void {
  void loaders[mode]();
}

/**
 * Loads a mode's screen; rejects when it cannot be fetched. Pairing waits for it before it asks
 * the server: the screen a pairing opens must not wait on the network, which may hang from then
 * on, and its chunk may not be cached yet (the service worker still installing on a first load).
 */
export function loadMode(mode: Mode): Promise<unknown> {
  return loaders[mode]();
}

export const StaffScreen = lazy(() => loaders.staff().then((m) => ({ default: m.StaffScreen })));
export const KioskScreen = lazy(() => loaders.kiosk().then((m) => ({ default: m.KioskScreen })));
export const AutopilotScreen = lazy(() =>
  loaders.autopilot().then((m) => ({ default: m.AutopilotScreen })),
);
export const PairingScreen = lazy(() =>
  import("../pairing/PairingScreen").then((m) => ({ default: m.PairingScreen })),
);
