import { viewChanged } from "../storage/append/scope-entries";
import { PLACES_MOVED, type ScopeChange } from "../storage/scope-changes";
import type { PullScope } from "../storage/store";
import type { WaitTimers } from "../wait-timers";

/**
 * Why a wait ended: its scope gained events, or changed while the merchant's places moved (its
 * till's scope may be another now: `PLACES_MOVED`), its time was up, or it was ended (`PullWait`).
 */
export type WaitEnd = "changed" | "moved" | "timeout" | "ended";

/** The till a pull waits for, as its token names it. */
export interface WaitingTill {
  readonly id: string;
  readonly merchantId: string;
  /** Its location (its token names one): a move of it wakes the pull whatever scope it waits in. */
  readonly locationId: string;
}

/**
 * One device's place among the waiting pulls, taken before its pull reads the log so that no
 * change committed meanwhile goes unnoticed: every change of its merchant is recorded from then on.
 * A thousand of them wait at once, each kept from the scavenges into the old generation: a wait
 * has no timer nor closure of its own (`PullWaits` keeps one timer for all their deadlines), only
 * the scope a waiting `until` looks at and its promise's resolve.
 */
export class PullWait {
  readonly deviceId: string;
  readonly merchantId: string;
  /** Its till's location (its token names it for good). */
  readonly locationId: string;
  /** When the wait is over, on the timers' clock. */
  readonly deadline: number;
  /** Changed scopes not yet looked at; `null`: any. */
  #changed: Set<string> | null = new Set();
  /** Of them, those a move of the merchant's places named (`PLACES_MOVED`); `null`: any. */
  #moved: Set<string> | null = new Set();
  /** What a waiting `until` looks at and how it ends; null while not waiting. */
  #scope: PullScope | null = null;
  #resolve: ((end: WaitEnd) => void) | null = null;
  /** How a stream's pause or write under way (`outlast`) ends when the place does; null: none. */
  #onEnd: (() => void) | null = null;
  #ended = false;
  readonly #leave: (wait: PullWait) => void;
  readonly #timers: WaitTimers;

  constructor(
    device: WaitingTill,
    deadline: number,
    timers: WaitTimers,
    leave: (wait: PullWait) => void,
  ) {
    this.deviceId = device.id;
    this.merchantId = device.merchantId;
    this.locationId = device.locationId;
    this.deadline = deadline;
    this.#timers = timers;
    this.#leave = leave;
  }

  /** Whether an `until` waits now: its pull has read its page and sleeps until a change or its end. */
  get asleep(): boolean {
    return this.#scope !== null;
  }

  /**
   * Resolves when `scope` has gained events since the last call (or since the place was taken),
   * at the deadline, or when the place is ended: by a newer pull of the same device, or at shutdown.
   */
  until(scope: PullScope): Promise<WaitEnd> {
    if (this.#ended) return Promise.resolve("ended");
    if (this.#touches(scope)) {
      const end = this.#seen(scope);
      this.#looked();
      return Promise.resolve(end);
    }
    if (this.deadline <= this.#timers.now()) return Promise.resolve("timeout");
    this.#scope = scope;
    return new Promise<WaitEnd>((resolve) => {
      this.#resolve = resolve;
    });
  }

  /**
   * `work`'s outcome, or "ended" as soon as the place is ended (at once if it is): a stream's pause
   * between answers (`pause`) or its write to a till that reads slowly never holds up a newer pull
   * of the device, nor shutdown. One at a time.
   */
  outlast<T>(work: Promise<T>): Promise<T | "ended"> {
    if (this.#ended) return Promise.resolve("ended");
    return new Promise<T | "ended">((resolve, reject) => {
      this.#onEnd = () => resolve("ended");
      work.then(
        (value) => {
          this.#onEnd = null;
          resolve(value);
        },
        (error: unknown) => {
          this.#onEnd = null;
          reject(error);
        },
      );
    });
  }

  /** Waits `ms` on the timers' clock: true, or false as soon as the place is ended (`outlast`). */
  async pause(ms: number): Promise<boolean> {
    let timer: unknown = null;
    const paused = new Promise<true>((resolve) => {
      timer = this.#timers.set(() => resolve(true), ms);
    });
    const end = await this.outlast(paused);
    if (end === "ended") this.#timers.clear(timer);
    return end === true;
  }

  /** The clock and timers the place's waits run on (a stream's heartbeats too). */
  get timers(): WaitTimers {
    return this.#timers;
  }

  /** Gives the place back; the request answers with what it has. */
  leave(): void {
    this.#leave(this);
  }

  /** @internal by PullWaits: notes the change at once (a pull reading from now on sees it). */
  heard(change: ScopeChange): void {
    if (change.kind === "everything" || change.scopes === null) {
      this.#changed = null;
      this.#moved = null;
      return;
    }
    const moved = change.scopes.includes(PLACES_MOVED);
    for (const scope of change.scopes) {
      this.#changed?.add(scope);
      if (moved) this.#moved?.add(scope);
    }
  }

  /** @internal by PullWaits: a waiting `until` whose scope changed resolves; true if it did. */
  wake(): boolean {
    if (this.#scope === null || !this.#touches(this.#scope)) return false;
    this.#finish(this.#seen(this.#scope));
    return true;
  }

  /** @internal by PullWaits: its deadline has come; a waiting `until` resolves. */
  timeUp(): void {
    if (this.#scope !== null) this.#finish("timeout");
  }

  /**
   * Ends the place: by PullWaits (a newer pull of the device, shutdown), or by a stream whose till
   * hung up. A waiting `until` resolves "ended", and so does every later one.
   */
  end(): void {
    this.#ended = true;
    if (this.#scope !== null) this.#finish("ended");
    const onEnd = this.#onEnd;
    this.#onEnd = null;
    onEnd?.();
  }

  #finish(end: WaitEnd): void {
    const resolve = this.#resolve;
    this.#scope = null;
    this.#resolve = null;
    this.#looked();
    resolve?.(end);
  }

  /** Its scope gained events, or its till's own location moved. */
  #touches(scope: PullScope): boolean {
    return viewChanged(this.#changed, scope) || this.#movedHere();
  }

  /**
   * How a change it sees ends it: "moved" when a move named its scope or its till's location
   * (`movedScopes`: a move names the location and the region it joined, not the one it left, whose
   * other tills' scope it does not change), or when any change may have passed.
   */
  #seen(scope: PullScope): "changed" | "moved" {
    return viewChanged(this.#moved, scope) || this.#movedHere() ? "moved" : "changed";
  }

  #movedHere(): boolean {
    const moved = this.#moved;
    return moved === null || moved.has(this.locationId);
  }

  #looked(): void {
    this.#changed = new Set();
    this.#moved = new Set();
  }
}
