import { isoPrefixToMs, isoToMs, msToIso } from "./iso-time";

/**
 * Hybrid logical clock, serialised Actual-Budget style so that plain string order is causal order:
 * `<ISO-8601 UTC ms>-<counter, 4 lowercase hex>-<node, 16 lowercase hex>` (SPEC H1).
 */
export interface Hlc {
  readonly millis: number;
  readonly counter: number;
  readonly node: string;
}

export type HlcClock = Hlc;

const MAX_COUNTER = 0xffff;
const NODE = /^[0-9a-f]{16}$/;
const HLC_STRING = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-([0-9a-f]{16})$/;

/** How far ahead of our own wall clock a received timestamp may pull our clock (SPEC H4). */
export const DEFAULT_MAX_ADOPT_MS = 60_000;

export function isNodeId(node: string): boolean {
  return NODE.test(node);
}

export function createClock(node: string, millis = 0): HlcClock {
  if (!isNodeId(node))
    throw new Error(`HLC node id must be 16 lowercase hex digits, got "${node}"`);
  return { millis, counter: 0, node };
}

export function formatHlc(hlc: Hlc): string {
  return `${msToIso(hlc.millis)}-${hlc.counter.toString(16).padStart(4, "0")}-${hlc.node}`;
}

/**
 * Whether `value` is an HLC: `parseHlc` would read it. Nothing is made, where `parseHlc` makes a
 * match, its parts and an `Hlc`: an event's schema asks it of every event a till pushes (issue 13).
 */
export function isHlc(value: string): boolean {
  return HLC_STRING.test(value) && isoPrefixToMs(value) !== null;
}

export function parseHlc(value: string): Hlc | null {
  const m = HLC_STRING.exec(value);
  if (!m) return null;
  const millis = isoToMs(m[1] as string);
  if (millis === null) return null;
  return { millis, counter: Number.parseInt(m[2] as string, 16), node: m[3] as string };
}

/** Milliseconds of an HLC string. The fold calls this per stamp, so it skips the full parse. */
export function hlcMillis(value: string): number {
  const millis = isoPrefixToMs(value);
  if (millis === null) throw new Error(`not an HLC: ${value}`);
  return millis;
}

function next(millis: number, counter: number, node: string): HlcClock {
  // Counter overflow borrows a millisecond instead of failing: the clock stays strictly increasing.
  return counter > MAX_COUNTER
    ? { millis: millis + 1, counter: 0, node }
    : { millis, counter, node };
}

export interface Tick {
  readonly clock: HlcClock;
  readonly hlc: string;
  /** How far this clock runs ahead of the wall clock it was handed (0 normally). */
  readonly aheadMs: number;
}

/** Stamps a local event (HLC "send"): never goes backwards, even when the wall clock does (SPEC H2). */
export function tick(clock: HlcClock, nowMs: number): Tick {
  const millis = Math.max(clock.millis, nowMs);
  const advanced = next(millis, millis === clock.millis ? clock.counter + 1 : 0, clock.node);
  return { clock: advanced, hlc: formatHlc(advanced), aheadMs: advanced.millis - nowMs };
}

export interface Receipt {
  readonly clock: HlcClock;
  /** Remote time minus our wall clock: positive when the sender's clock is ahead (SPEC H3). */
  readonly skewMs: number;
}

/**
 * Folds a remote timestamp into our clock (HLC "receive"). A remote clock far in the future is
 * reported through `skewMs` and only adopted up to `maxAdoptMs` ahead of our wall clock, so one
 * tablet with a wrong date cannot drag every replica's clock with it (SPEC H4).
 */
export function receive(
  clock: HlcClock,
  remote: Hlc,
  nowMs: number,
  maxAdoptMs = DEFAULT_MAX_ADOPT_MS,
): Receipt {
  const remoteMillis = Math.min(remote.millis, nowMs + maxAdoptMs);
  const remoteCounter = remoteMillis === remote.millis ? remote.counter : 0;
  const millis = Math.max(clock.millis, nowMs, remoteMillis);
  let counter: number;
  if (millis === clock.millis && millis === remoteMillis)
    counter = Math.max(clock.counter, remoteCounter) + 1;
  else if (millis === clock.millis) counter = clock.counter + 1;
  else if (millis === remoteMillis) counter = remoteCounter + 1;
  else counter = 0;
  return { clock: next(millis, counter, clock.node), skewMs: remote.millis - nowMs };
}

/** True when a skew is worth showing to staff; never a reason to refuse a stamp (SPEC H3). */
export function isSkewed(skewMs: number, toleranceMs = 120_000): boolean {
  return Math.abs(skewMs) > toleranceMs;
}
