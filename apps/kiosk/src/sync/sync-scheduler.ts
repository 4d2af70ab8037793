import { heldPullDelay } from "@stamp/wire-protocol";
import { EVENT_DEBOUNCE_MS, retryDelay, STEADY_MS } from "./backoff";
import type { PullWaitOffer, PullWaitRequest } from "./sync-engine";

export type SyncTrigger = "start" | "online" | "visible" | "event" | "timer" | "manual";

/** How a run ended, as far as timing is concerned. */
export type RunResult =
  /**
   * `maxWait`: the server holds this device's pulls that long (seconds): the next run waits on it;
   * `stream`: the server streams that held pull (wire protocol `pull-stream`).
   */
  | {
      readonly kind: "ok";
      readonly maxWait?: number | null;
      readonly stream?: boolean;
      readonly waitAfterMs?: number;
    }
  | { readonly kind: "retry"; readonly retryAfterMs: number | null }
  /** Another tab holds the sync lock and does the work. */
  | { readonly kind: "busy" }
  /** Nothing more to do until someone resumes (device unpaired). */
  | { readonly kind: "stop" };

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
  random(): number;
}

export interface SchedulerState {
  /** A run is working (not merely waiting on the server for news). */
  readonly running: boolean;
  /** A held pull (or stream) is open: the server answers when another till's event arrives. */
  readonly listening: boolean;
  readonly stopped: boolean;
  readonly failures: number;
  readonly nextRunAt: number | null;
}

/**
 * Decides when the sync loop runs: at once on start, `online`, visibility and by hand; shortly
 * after each new event (debounced, so a burst of scans is one batch); with exponential backoff
 * after failures. When healthy, the next run waits on the server (a held pull, the long-poll)
 * where the server offers it (streamed, one request for many answers, where it offers that), else
 * runs on a steady timer. A trigger during a held pull gives up on it and runs again at once; held
 * pulls start at most one per HELD_PULL_GAP_MS (the wire protocol's `heldPullDelay`), so a server
 * that answers them at once (or ends its streams at once) cannot spin the loop. There is always a
 * timer or a held pull pending unless stopped, so the queue never waits for the next write to
 * retry (PowerSync native #15).
 */
export class SyncScheduler {
  readonly #run: (wait: PullWaitRequest | null) => Promise<RunResult>;
  readonly #timers: Timers;
  readonly #onState: (state: SchedulerState) => void;
  #timer: unknown = null;
  #nextRunAt: number | null = null;
  #running = false;
  #again = false;
  #stopped = false;
  #failures = 0;
  /** How the next run may wait on the server; null: it does not wait. */
  #waitNext: PullWaitOffer | null = null;
  /** The held pull under way, to give up on. */
  #held: AbortController | null = null;
  #lastHeldAt = Number.NEGATIVE_INFINITY;

  constructor(
    run: (wait: PullWaitRequest | null) => Promise<RunResult>,
    timers: Timers,
    onState: (state: SchedulerState) => void = () => {},
  ) {
    this.#run = run;
    this.#timers = timers;
    this.#onState = onState;
  }

  get state(): SchedulerState {
    return {
      running: this.#running && this.#held === null,
      listening: this.#held !== null,
      stopped: this.#stopped,
      failures: this.#failures,
      nextRunAt: this.#nextRunAt,
    };
  }

  trigger(reason: SyncTrigger): void {
    if (this.#stopped) return;
    if (this.#running) {
      // Whatever changed during this run is picked up by one more run right after it; a held pull
      // is given up at once for it.
      this.#again = true;
      this.#held?.abort();
      return;
    }
    const delay = reason === "event" ? EVENT_DEBOUNCE_MS : 0;
    const at = this.#timers.now() + delay;
    // An earlier pending run already covers this trigger (debounce keeps the first deadline).
    if (this.#nextRunAt !== null && this.#nextRunAt <= at) return;
    this.#schedule(delay);
  }

  /**
   * The network went: a held pull is given up (it may hang on a dead connection); the next run
   * comes on the steady timer, or at once on `online`.
   */
  interrupt(): void {
    this.#waitNext = null;
    this.#held?.abort();
  }

  /** Unpaired or shutting down: no more runs until resume(). */
  stop(): void {
    this.#stopped = true;
    this.#waitNext = null;
    this.#held?.abort();
    this.#cancel();
    this.#emit();
  }

  resume(): void {
    this.#stopped = false;
    this.#failures = 0;
    this.trigger("manual");
  }

  #cancel(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
    this.#nextRunAt = null;
  }

  #schedule(delay: number): void {
    this.#cancel();
    this.#nextRunAt = this.#timers.now() + delay;
    this.#timer = this.#timers.set(() => {
      this.#timer = null;
      this.#nextRunAt = null;
      void this.#execute();
    }, delay);
    this.#emit();
  }

  async #execute(): Promise<void> {
    if (this.#stopped || this.#running) return;
    this.#running = true;
    this.#again = false;
    const offer = this.#waitNext;
    this.#waitNext = null;
    if (offer !== null) {
      this.#held = new AbortController();
      this.#lastHeldAt = this.#timers.now();
    }
    this.#emit();
    let result: RunResult;
    try {
      result = await this.#run(
        this.#held && offer ? { ...offer, signal: this.#held.signal } : null,
      );
    } catch {
      // A run that throws (e.g. storage failure) is a failure like any other: back off, retry.
      result = { kind: "retry", retryAfterMs: null };
    }
    this.#running = false;
    this.#held = null;
    if (this.#stopped) return this.#emit();
    switch (result.kind) {
      case "ok":
        this.#failures = 0;
        if (this.#again) this.#schedule(0);
        else if (result.maxWait) {
          this.#waitNext = { seconds: result.maxWait, stream: result.stream ?? false };
          const since = this.#timers.now() - this.#lastHeldAt;
          // Not before the moment the server asks for either (it spreads its tills over the gap).
          this.#schedule(heldPullDelay(since, result.waitAfterMs ?? 0));
        } else this.#schedule(STEADY_MS);
        break;
      case "busy":
        this.#schedule(STEADY_MS);
        break;
      case "retry":
        this.#failures += 1;
        this.#schedule(retryDelay(this.#failures, this.#timers.random, result.retryAfterMs));
        break;
      case "stop":
        this.stop();
        break;
      default: {
        const unreachable: never = result;
        throw new Error(`unknown run result ${JSON.stringify(unreachable)}`);
      }
    }
  }

  #emit(): void {
    this.#onState(this.state);
  }
}
