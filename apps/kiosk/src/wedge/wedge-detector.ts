import { type DecodedKey, decodeKey, isPrintableKey, type KeyInput } from "./key-decoder";
import type { RejectReason, WedgeEvent } from "./wedge-event";
import { resolveWedgeOptions, type WedgeOptions } from "./wedge-options";

/** One keydown, as the DOM adapter reads it from a `KeyboardEvent`. */
export interface KeydownRecord extends KeyInput {
  /** `KeyboardEvent.repeat`: the key is held down. */
  readonly repeat?: boolean;
  /** `KeyboardEvent.timeStamp`; `flush(now)` must use the same clock (`performance.now()`). */
  readonly timeStamp: number;
}

/** What the adapter must do after a keydown or a flush, in this order. */
export interface WedgeEffects {
  /**
   * Keystrokes held back earlier that turned out not to be a scan: type them into the focused
   * field now, before the current key's own default action.
   */
  readonly release: string;
  readonly events: readonly WedgeEvent[];
}

export interface KeyVerdict extends WedgeEffects {
  /** Cancel this keydown (preventDefault) and keep it from the app (stopImmediatePropagation). */
  readonly swallow: boolean;
}

interface Burst {
  /** Characters as a US keyboard types them. */
  readonly chars: string[];
  /** What the host layout typed for them (`event.key`): given back if this is not a scan. */
  typed: string;
  readonly times: number[];
  readonly startedAt: number;
  lastAt: number;
}

interface Pending {
  release: string;
  readonly events: WedgeEvent[];
}

/** What a burst would be if it ended now. */
type Judgement =
  | { readonly kind: "rejected"; readonly reason: RejectReason }
  | {
      readonly kind: "scan" | "duplicate";
      readonly code: string;
      readonly msPerChar: number;
      readonly durationMs: number;
    };

/** Whether a code is whole (it parses): the app can check it before its suffix comes. */
export type CompleteCodeTest = (code: string) => boolean;

/**
 * Tells scanner bursts from typing by timing, and decides which keystrokes to hold back.
 *
 * Pure: no DOM and no timers. The caller feeds keydowns and calls `flush(now)` at `nextDeadline()`.
 *
 * Holding, not taking back: every character that could start a scan is swallowed at once and held
 * until its burst ends. A scan's characters therefore never reach a focused field; a person's are
 * released (typed into the field) when the burst ends as too short or too slow, at the latest
 * `endSilenceMs` after the last keystroke. Removing already-typed characters instead cannot be made
 * safe: they may have replaced a selection, hit a maxlength or already run the app's handlers.
 */
export class WedgeDetector {
  readonly options: WedgeOptions;
  readonly #prefix: readonly string[];
  #burst: Burst | null = null;
  #lastScan: { readonly code: string; at: number } | null = null;
  readonly #isComplete: CompleteCodeTest | undefined;

  /** With `isComplete`, a burst that holds a whole code is also reported as `complete` (see there). */
  constructor(options: Partial<WedgeOptions> = {}, isComplete?: CompleteCodeTest) {
    this.options = resolveWedgeOptions(options);
    this.#prefix = [...this.options.prefix];
    this.#isComplete = isComplete;
  }

  keydown(record: KeydownRecord): KeyVerdict {
    const pending: Pending = { release: "", events: [] };
    // flush() may not have run yet (a late timer): the outcome must not depend on when it does.
    this.#endIfSilent(record.timeStamp, pending);
    const swallow = this.#handle(this.#decode(record), record, pending);
    return { release: pending.release, events: pending.events, swallow };
  }

  /** Ends a burst once `endSilenceMs` have passed since its last character. */
  flush(now: number): WedgeEffects {
    const pending: Pending = { release: "", events: [] };
    this.#endIfSilent(now, pending);
    return pending;
  }

  /** When `flush` should next be called, or null while no burst is open. */
  nextDeadline(): number | null {
    return this.#burst === null ? null : this.#burst.lastAt + this.options.endSilenceMs;
  }

  /** Returns whether to swallow the key. */
  #handle(key: DecodedKey, record: KeydownRecord, pending: Pending): boolean {
    switch (key.kind) {
      case "modifier":
        // Shift arrives as its own keydown before a capital; it is not a character.
        return false;
      case "char":
        return this.#char(key.char, record, pending);
      case "enter":
      case "tab": {
        if (this.#burst === null) return false;
        const outcome = this.#close(this.#burst, pending);
        // The suffix of a scan must not submit a form or move the focus; after typing it must.
        return outcome !== "rejected" && this.#isSuffix(key.kind);
      }
      case "other":
        if (this.#burst !== null) this.#close(this.#burst, pending);
        return false;
      default:
        return assertNever(key);
    }
  }

  #endIfSilent(now: number, pending: Pending): void {
    if (this.#burst !== null && now - this.#burst.lastAt >= this.options.endSilenceMs) {
      this.#close(this.#burst, pending);
    }
  }

  #decode(record: KeydownRecord): DecodedKey {
    const key = decodeKey({
      ...record,
      capsLock: this.options.capsLock === "follow" && record.capsLock === true,
    });
    // Auto-repeat is a person holding a key; its ~30 ms rhythm would otherwise pass for a scanner.
    return record.repeat === true && key.kind !== "modifier" ? { kind: "other" } : key;
  }

  #isSuffix(kind: "enter" | "tab"): boolean {
    const { suffix } = this.options;
    return (kind === "enter" && suffix === "Enter") || (kind === "tab" && suffix === "Tab");
  }

  #char(char: string, record: KeydownRecord, pending: Pending): boolean {
    const burst = this.#burst;
    if (burst !== null) {
      const expected = this.#prefix[burst.chars.length];
      const inTime = record.timeStamp - burst.lastAt <= this.options.maxGapMs;
      if (inTime && (expected === undefined || char === expected)) {
        burst.chars.push(char);
        burst.typed += typedText(record);
        burst.times.push(record.timeStamp);
        burst.lastAt = record.timeStamp;
        this.#reportIfComplete(burst, pending);
        return true;
      }
      this.#close(burst, pending);
    }
    if (!this.#startsBurst(char, record.key)) return false;
    this.#burst = {
      chars: [char],
      typed: typedText(record),
      times: [record.timeStamp],
      startedAt: record.timeStamp,
      lastAt: record.timeStamp,
    };
    return true;
  }

  #startsBurst(char: string, key: string): boolean {
    const first = this.#prefix[0];
    // With a prefix, nothing else is held: people type into fields without any delay.
    if (first !== undefined) return char === first;
    // No code starts with a space or a dead key. Holding those would cost a person Space on a
    // focused button or an accent composition (dead keys cannot be typed back).
    return char !== " " && key !== "Dead";
  }

  /**
   * A burst that would be a scan if it ended now and holds a whole code: the app may check the code
   * while the suffix is on its way, and acts on it only at the scan event.
   */
  #reportIfComplete(burst: Burst, pending: Pending): void {
    if (this.#isComplete === undefined) return;
    const judged = this.#judge(burst);
    if (judged.kind === "scan" && this.#isComplete(judged.code))
      pending.events.push({ kind: "complete", code: judged.code });
  }

  #judge(burst: Burst): Judgement {
    const { minLength, maxAvgMsPerChar, dedupeMs } = this.options;
    if (burst.chars.length - this.#prefix.length < minLength)
      return { kind: "rejected", reason: "too-short" };
    // minLength ≥ 2, so there is at least one gap here.
    const durationMs = burst.lastAt - burst.startedAt;
    const msPerChar = durationMs / (burst.times.length - 1);
    if (msPerChar > maxAvgMsPerChar) return { kind: "rejected", reason: "too-slow" };

    const code = burst.chars.slice(this.#prefix.length).join("");
    const last = this.#lastScan;
    // Measured from the previous sighting's end to this one's start: a 160-character code takes
    // ~1.4 s over USB and ~8 s over Bluetooth, so end-to-end times say nothing about a double read.
    const again = last !== null && last.code === code && burst.startedAt - last.at < dedupeMs;
    return { kind: again ? "duplicate" : "scan", code, msPerChar, durationMs };
  }

  #close(burst: Burst, pending: Pending): Judgement["kind"] {
    this.#burst = null;
    const judged = this.#judge(burst);
    switch (judged.kind) {
      case "rejected":
        pending.release += burst.typed;
        pending.events.push({
          kind: "rejected",
          reason: judged.reason,
          text: burst.chars.join(""),
        });
        return "rejected";
      case "duplicate": {
        // The window slides, so a card held in front of a presentation-mode scanner, reread again
        // and again, stays one stamp.
        if (this.#lastScan !== null) this.#lastScan.at = burst.lastAt;
        pending.events.push({ kind: "duplicate", code: judged.code });
        return "duplicate";
      }
      case "scan": {
        const { code, msPerChar, durationMs } = judged;
        this.#lastScan = { code, at: burst.lastAt };
        pending.events.push({ kind: "scan", code, msPerChar, durationMs, keyTimes: burst.times });
        return "scan";
      }
      default:
        return assertNever(judged);
    }
  }
}

/** What the host itself would have typed for this keydown; dead keys and unknown keys type nothing. */
function typedText(record: KeydownRecord): string {
  return isPrintableKey(record.key) ? record.key : "";
}

function assertNever(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}
