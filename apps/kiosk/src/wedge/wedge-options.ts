/** The key that ends a code. "Enter" also covers LF, which scanners send as NumpadEnter. */
export type SuffixKey = "Enter" | "Tab" | "none";

/**
 * "ignore": read Shift only. Most scanners send Shift+letter for a capital whatever the host's
 * CapsLock says, so with CapsLock on the host inverts their case; ignoring CapsLock recovers what
 * the scanner meant.
 * "follow": decode exactly like a US keyboard (CapsLock inverts letters), for scanners whose
 * firmware tracks the host's CapsLock state and compensates for it.
 */
export type CapsLockMode = "ignore" | "follow";

export interface WedgeOptions {
  /** A burst is a scan only if its mean gap between characters is at most this. */
  readonly maxAvgMsPerChar: number;
  /** A longer gap between two characters ends the burst: no scan contains one. */
  readonly maxGapMs: number;
  /** Fewest characters in a code (prefix excluded); at least 2. */
  readonly minLength: number;
  /** Characters (as a US keyboard types them) the scanner sends before each code; "" for none. */
  readonly prefix: string;
  readonly suffix: SuffixKey;
  /** Silence after the last character that ends a code sent without its suffix. */
  readonly endSilenceMs: number;
  /** The same code again within this time of the last sighting is a duplicate; 0 disables. */
  readonly dedupeMs: number;
  readonly capsLock: CapsLockMode;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = {
  // USB scanners type ~8 ms/char, Bluetooth ones 35–50; people average ~230, fast typists ~120.
  maxAvgMsPerChar: 60,
  // Bluetooth scanners pause inside a code; 150 ms lets those pauses through.
  maxGapMs: 150,
  // Card codes are 145–172 characters; a long minimum keeps short bursts of fast typing out.
  minLength: 20,
  prefix: "",
  suffix: "Enter",
  endSilenceMs: 200,
  // Scanners double-trigger, and a presentation-mode scanner rereads a card held in front of it.
  dedupeMs: 2000,
  capsLock: "ignore",
};

function requireNumber(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min) {
    throw new RangeError(`wedge option ${name} must be a finite number ≥ ${min}, got ${value}`);
  }
}

/** Fills in defaults and refuses settings that would make the timing rule meaningless. */
export function resolveWedgeOptions(overrides: Partial<WedgeOptions>): WedgeOptions {
  const options: WedgeOptions = { ...DEFAULT_WEDGE_OPTIONS, ...overrides };
  requireNumber("maxAvgMsPerChar", options.maxAvgMsPerChar, 0);
  requireNumber("maxGapMs", options.maxGapMs, 0);
  requireNumber("endSilenceMs", options.endSilenceMs, 1);
  requireNumber("dedupeMs", options.dedupeMs, 0);
  // One character has no gap to time, so a single keystroke would always look like a scanner.
  requireNumber("minLength", options.minLength, 2);
  if (!Number.isInteger(options.minLength)) {
    throw new RangeError(`wedge option minLength must be an integer, got ${options.minLength}`);
  }
  return options;
}
