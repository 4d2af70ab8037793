import type { StampEvent } from "@stamp/core";
import type { ProtocolMismatch } from "@stamp/wire-protocol";
import type { DeviceApi } from "../api/device-api";
import { createStore, type Store } from "../app/store";
import type { StampDb } from "../storage/db";
import type { Durable } from "../storage/storage-guard";
import { browserTimers } from "./browser-timers";
import { type PullWaitRequest, type Synced, syncOnce } from "./sync-engine";
import { withSyncLock } from "./sync-lock";
import type { SyncRequest } from "./sync-protocol";
import { type RunResult, SyncScheduler, type SyncTrigger, type Timers } from "./sync-scheduler";

export interface SyncStatus {
  readonly online: boolean;
  /** Another tab holds the sync lock and syncs for this device. */
  readonly otherTab: boolean;
  readonly running: boolean;
  readonly lastError: string | null;
  /**
   * The last run could not store the server's answer, even after folding the log: this device's
   * storage is full. Stamping goes on from what is stored; the next stored answer clears it.
   */
  readonly storageFull: boolean;
  /** When the next run is due, on `performance.now()`'s clock (not the date). */
  readonly nextRunAt: number | null;
  /**
   * A held stream reached this till with not a byte (`streamUnheard`): something on the way
   * buffers or compresses it. The till long-polls instead (news still comes at once, a request
   * each) for STREAM_FALLBACK_MS, and the operator is told: it is a proxy's setting to change.
   */
  readonly streamHeldBack: boolean;
}

/**
 * How long a till whose stream went unheard long-polls before it tries a stream again: a proxy is
 * not fixed within minutes, and a till that happened to lose its link as a stream opened streams
 * again within the shift. Each try costs STREAM_SILENCE_MS of late news.
 */
export const STREAM_FALLBACK_MS = 4 * 60 * 60_000;

export interface SyncController {
  readonly status: Store<SyncStatus>;
  trigger(reason: SyncTrigger): void;
  dispose(): void;
}

export interface SyncOptions {
  readonly db: StampDb;
  readonly durable: Durable;
  /** Makes room for an answer's write on a full disk (`LogUpkeep.withRoom`). */
  readonly withRoom: <T>(write: () => Promise<T>) => Promise<T>;
  readonly api: DeviceApi;
  readonly deviceId: string;
  readonly token: string;
  readonly onPulled: (events: readonly StampEvent[]) => void;
  readonly onCards: (cardIds: readonly string[]) => void;
  readonly onRejected: (events: readonly StampEvent[]) => void;
  readonly onSynced: (outcome: Synced) => void;
  readonly onUnpaired: (message: string) => void;
  /** The server and this app cannot talk until one is updated: syncing stops, events stay queued. */
  readonly onOutdated: (side: ProtocolMismatch) => void;
  /** The loop's clock and timers; the page's unless a test drives them. */
  readonly timers?: Timers;
}

/** Wires the sync engine to the scheduler, the tab lock and the browser's online/visibility signals. */
export function startSync(options: SyncOptions): SyncController {
  const status = createStore<SyncStatus>({
    online: navigator.onLine,
    otherTab: false,
    running: false,
    lastError: null,
    storageFull: false,
    nextRunAt: null,
    streamHeldBack: false,
  });
  const timers = options.timers ?? browserTimers;
  // Until when held pulls are not streamed (`SyncStatus.streamHeldBack`); null: they are.
  let heldBackUntil: number | null = null;
  const streams = (): boolean => {
    if (heldBackUntil === null) return true;
    if (timers.now() < heldBackUntil) return false;
    heldBackUntil = null;
    status.update((s) => ({ ...s, streamHeldBack: false }));
    return true;
  };

  // An answer stored: the server is reachable and this till up to date with what it said.
  const heard = (outcome: Synced) => {
    status.update((s) => ({
      ...s,
      otherTab: false,
      lastError: null,
      storageFull: false,
      // An answer that came before the browser said "offline" (its run ends after) does not
      // make the till online again: only the browser's next "online" does.
      online: navigator.onLine,
    }));
    options.onSynced(outcome);
  };

  // `wait`: the run may wait on the server for news (a held pull) instead of the next timer.
  const run = async (wait: PullWaitRequest | null): Promise<RunResult> => {
    const outcome = await withSyncLock(() =>
      syncOnce({
        db: options.db,
        durable: options.durable,
        withRoom: options.withRoom,
        deviceId: options.deviceId,
        post: (request, signal) => options.api.sync(options.token, request, signal),
        ...(streams()
          ? {
              openStream: (request: SyncRequest, signal: AbortSignal) =>
                options.api.syncStream(options.token, request, signal),
            }
          : {}),
        onStreamed: heard,
        wait,
        onPulled: options.onPulled,
        onCards: options.onCards,
        onRejected: options.onRejected,
        now: () => Date.now(),
      }),
    );
    if (outcome === "busy") {
      status.update((s) => ({ ...s, otherTab: true }));
      return { kind: "busy" };
    }
    switch (outcome.kind) {
      case "synced":
        // A held pull given up (the network went) heard nothing: it says nothing about being
        // online; a stream told each answer as it came.
        if (outcome.answered) heard(outcome);
        if (outcome.streamUnheard) {
          heldBackUntil = timers.now() + STREAM_FALLBACK_MS;
          status.update((s) => ({ ...s, streamHeldBack: true }));
        }
        return {
          kind: "ok",
          maxWait: outcome.maxWait,
          stream: outcome.stream,
          waitAfterMs: outcome.waitAfterMs,
        };
      case "unpaired":
        options.onUnpaired(outcome.message);
        return { kind: "stop" };
      case "outdated":
        // Retrying cannot help: the update (a reload) starts a new session that syncs again.
        status.update((s) => ({ ...s, otherTab: false, lastError: outcome.message }));
        options.onOutdated(outcome.side);
        return { kind: "stop" };
      case "failed":
        status.update((s) => ({ ...s, otherTab: false, lastError: outcome.reason }));
        return { kind: "retry", retryAfterMs: outcome.retryAfterMs };
      case "storage-full":
        // Retried with the backoff, and at once when staff come back to the app (`visible`) or
        // stamp: the first run after space frees stores the answer.
        status.update((s) => ({
          ...s,
          otherTab: false,
          lastError: "storage full",
          storageFull: true,
        }));
        return { kind: "retry", retryAfterMs: null };
      default: {
        const unreachable: never = outcome;
        return unreachable;
      }
    }
  };

  const scheduler = new SyncScheduler(run, timers, (state) =>
    status.update((s) => ({ ...s, running: state.running, nextRunAt: state.nextRunAt })),
  );

  const onOnline = () => {
    status.update((s) => ({ ...s, online: true }));
    scheduler.trigger("online");
  };
  const onOffline = () => {
    status.update((s) => ({ ...s, online: false }));
    scheduler.interrupt();
  };
  const onVisible = () => {
    if (document.visibilityState === "visible") scheduler.trigger("visible");
  };
  window.addEventListener("online", onOnline);
  window.addEventListener("offline", onOffline);
  document.addEventListener("visibilitychange", onVisible);
  scheduler.trigger("start");

  return {
    status,
    trigger: (reason) => scheduler.trigger(reason),
    dispose() {
      scheduler.stop();
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      document.removeEventListener("visibilitychange", onVisible);
    },
  };
}
