import { Workbox } from "workbox-window";
import type { Activity } from "../app/activity";
import { createStore, type Store } from "../app/store";

export type UpdateState =
  | { readonly kind: "current" }
  | { readonly kind: "ready" }
  | { readonly kind: "waiting-for-idle" }
  | { readonly kind: "applying" };

export interface AppUpdates {
  readonly state: Store<UpdateState>;
  /** Staff said "update": applied as soon as nobody is mid-scan. */
  apply(): void;
  /** Unattended screens (kiosk, autopilot) update themselves after a quiet spell. */
  setUnattended(unattended: boolean): void;
  /**
   * The server no longer talks to this version: get the new one now. A waiting worker is
   * activated (the page reloads once it controls); without one the page reloads, which fetches
   * the new service worker — or, with none (development), the new app itself.
   */
  updateNow(): void;
  /** Asks the server for a new service worker at once (not only on focus or hourly). */
  check(): void;
}

const HOURLY = 60 * 60_000;
const UNATTENDED_QUIET_MS = 2 * 60_000;

/**
 * Prompt-mode service worker updates driven by workbox-window. Installed iOS apps rarely check
 * sw.js themselves, so we ask on load, focus, visibility and hourly; a waiting worker is
 * activated with messageSkipWaiting() (workbox #2470) and only while the app is idle.
 */
export function startUpdates(activity: Activity): AppUpdates {
  const state = createStore<UpdateState>({ kind: "current" });
  let workbox: Workbox | null = null;
  let cancelIdle: (() => void) | null = null;
  let unattended = false;
  let checkNow = () => {};

  const activate = () => {
    cancelIdle = null;
    state.set({ kind: "applying" });
    workbox?.messageSkipWaiting();
  };
  const apply = (quietMs: number) => {
    if (state.get().kind !== "ready" && state.get().kind !== "waiting-for-idle") return;
    cancelIdle?.();
    state.set({ kind: "waiting-for-idle" });
    cancelIdle = activity.whenIdle(activate, quietMs);
  };
  const offer = () => {
    if (state.get().kind !== "current") return;
    state.set({ kind: "ready" });
    if (unattended) apply(UNATTENDED_QUIET_MS);
  };

  if ("serviceWorker" in navigator && import.meta.env.PROD) {
    workbox = new Workbox(`${import.meta.env.BASE_URL}sw.js`, {
      scope: import.meta.env.BASE_URL,
      type: "classic",
    });
    const wb = workbox;
    wb.addEventListener("waiting", offer);
    wb.addEventListener("controlling", (event) => {
      if (event.isUpdate) window.location.reload();
    });
    void wb.register().then((registration) => {
      if (!registration) return;
      if (registration.waiting && navigator.serviceWorker.controller) offer();
      const check = () => {
        if (navigator.onLine) registration.update().catch(() => {});
      };
      checkNow = check;
      check();
      window.addEventListener("focus", check);
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") check();
      });
      setInterval(check, HOURLY);
    });
  }

  return {
    state,
    apply: () => apply(0),
    updateNow() {
      const kind = state.get().kind;
      if (kind === "ready" || kind === "waiting-for-idle") apply(0);
      else if (kind === "current") window.location.reload();
    },
    check: () => checkNow(),
    setUnattended(next) {
      unattended = next;
      if (next && state.get().kind === "ready") apply(UNATTENDED_QUIET_MS);
    },
  };
}
