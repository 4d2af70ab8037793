import { EVENT_DEBOUNCE_MS, retryDelay, STEADY_MS } from "./backoff";

export type SyncTrigger = "start" | "online" | "visible" | "event" | "timer" | "manual";

/** How a run ended, as far as timing is concerned. */
export type RunResult =
  | { readonly kind: "ok" }
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
  readonly running: boolean;
  readonly stopped: boolean;
  readonly failures: number;
  readonly nextRunAt: number | null;
}

/**
 * Decides when the sync loop runs: at once on start, `online`, visibility and by hand; shortly
 * after each new event (debounced, so a burst of scans is one batch); on a steady timer when
 * healthy and with exponential backoff after failures. There is always a timer pending unless
 * stopped, so the queue never waits for the next write to retry (PowerSync native #15).
 */
export class SyncScheduler {
  readonly #run: () => Promise<RunResult>;
  readonly #timers: Timers;
  readonly #onState: (state: SchedulerState) => void;
  #timer: unknown = null;
  #nextRunAt: number | null = null;
  #running = false;
  #again = false;
  #stopped = false;
  #failures = 0;

  constructor(
    run: () => Promise<RunResult>,
    timers: Timers,
    onState: (state: SchedulerState) => void = () => {},
  ) {
    this.#run = run;
    this.#timers = timers;
    this.#onState = onState;
  }

  get state(): SchedulerState {
    return {
      running: this.#running,
      stopped: this.#stopped,
      failures: this.#failures,
      nextRunAt: this.#nextRunAt,
    };
  }

  trigger(reason: SyncTrigger): void {
    if (this.#stopped) return;
    if (this.#running) {
      // Whatever changed during this run is picked up by one more run right after it.
      this.#again = true;
      return;
    }
    const delay = reason === "event" ? EVENT_DEBOUNCE_MS : 0;
    const at = this.#timers.now() + delay;
    // An earlier pending run already covers this trigger (debounce keeps the first deadline).
    if (this.#nextRunAt !== null && this.#nextRunAt <= at) return;
    this.#schedule(delay);
  }

  /** Unpaired or shutting down: no more runs until resume(). */
  stop(): void {
    this.#stopped = true;
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
    this.#emit();
    let result: RunResult;
    try {
      result = await this.#run();
    } catch {
      // A run that throws (e.g. storage failure) is a failure like any other: back off, retry.
      result = { kind: "retry", retryAfterMs: null };
    }
    this.#running = false;
    if (this.#stopped) return this.#emit();
    switch (result.kind) {
      case "ok":
        this.#failures = 0;
        this.#schedule(this.#again ? 0 : STEADY_MS);
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
