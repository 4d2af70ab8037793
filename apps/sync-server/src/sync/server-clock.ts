import {
  DEFAULT_MAX_ADOPT_MS,
  type Hlc,
  nodeIdForDevice,
  parseHlc,
  receive,
  tick,
} from "@stamp/core";

/**
 * The server's hybrid logical clock. One time line for the process; each merchant's server-made
 * events carry the node id of that merchant's server device. It starts from the newest HLC in the
 * log, so a restart on a machine whose wall clock went back still never stamps into the past — but
 * never from further ahead than a remote time could move it while running (SPEC H4): one event
 * dated in the future, from any merchant's device, must not carry every merchant's server-made
 * events there after a restart.
 */
export class ServerClock {
  #millis: number;
  #counter: number;

  constructor(latest: string | null, nowMs: number) {
    const parsed = latest === null ? null : parseHlc(latest);
    const bound = nowMs + DEFAULT_MAX_ADOPT_MS;
    const ahead = parsed !== null && parsed.millis > bound;
    this.#millis = ahead ? bound : (parsed?.millis ?? 0);
    this.#counter = ahead ? 0 : (parsed?.counter ?? 0);
  }

  /** A fresh HLC for an event made by the given server device. */
  stamp(serverDeviceId: string, nowMs: number): string {
    const next = tick(this.#clock(nodeIdForDevice(serverDeviceId)), nowMs);
    this.#millis = next.clock.millis;
    this.#counter = next.clock.counter;
    return next.hlc;
  }

  /** Folds a device's timestamp into the clock; returns the device's skew (remote − server time). */
  observe(remote: Hlc, nowMs: number): number {
    const { clock, skewMs } = receive(this.#clock(remote.node), remote, nowMs);
    this.#millis = clock.millis;
    this.#counter = clock.counter;
    return skewMs;
  }

  #clock(node: string) {
    return { millis: this.#millis, counter: this.#counter, node };
  }
}
