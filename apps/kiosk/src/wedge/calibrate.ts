import type { WedgeOptions } from "./wedge-options";

export interface Calibration {
  /** Characters measured. */
  readonly chars: number;
  /** Mean gap between consecutive characters: what the timing rule compares. */
  readonly meanMsPerChar: number;
  readonly p95GapMs: number;
  readonly maxGapMs: number;
  readonly suggested: Pick<WedgeOptions, "maxAvgMsPerChar" | "maxGapMs" | "endSilenceMs">;
}

// Never suggest a threshold a fast typist (~120 ms/char) could meet, nor one so tight that a
// busy USB host's jitter (16 ms gaps) trips it.
const AVG_FLOOR_MS = 30;
const AVG_CEILING_MS = 90;
const GAP_FLOOR_MS = 150;
const GAP_CEILING_MS = 400;
// endSilenceMs must exceed maxGapMs, or the flush timer would cut a code at a permitted pause.
const END_SILENCE_MARGIN_MS = 50;
const HEADROOM = 1.5;

/**
 * Options for the calibration screen: the loosest timing `calibrate` can ever suggest, so any
 * usable scanner produces a "scan" to measure. A "rejected" too-slow burst of a test card's length
 * means the scanner is too slow for Autopilot.
 */
export const CALIBRATION_OPTIONS: Partial<WedgeOptions> = {
  maxAvgMsPerChar: AVG_CEILING_MS,
  maxGapMs: GAP_CEILING_MS,
  endSilenceMs: GAP_CEILING_MS + END_SILENCE_MARGIN_MS,
  dedupeMs: 0,
};

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Measures one scan from its characters' keydown times (`keyTimes` of a "scan" event). */
export function calibrate(samples: readonly number[]): Calibration {
  const gaps: number[] = [];
  let previous: number | undefined;
  for (const time of samples) {
    if (previous !== undefined) gaps.push(time - previous);
    previous = time;
  }
  if (gaps.length === 0) throw new RangeError("calibrate needs at least two keydown times");

  const sorted = gaps.toSorted((a, b) => a - b);
  const meanMsPerChar = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
  // Nearest-rank percentile.
  const p95GapMs = sorted[Math.ceil(0.95 * sorted.length) - 1] as number;
  const maxGapMs = sorted[sorted.length - 1] as number;
  const suggestedMaxGapMs = clamp(Math.ceil(HEADROOM * maxGapMs), GAP_FLOOR_MS, GAP_CEILING_MS);
  return {
    chars: samples.length,
    meanMsPerChar,
    p95GapMs,
    maxGapMs,
    suggested: {
      maxAvgMsPerChar: clamp(Math.ceil(HEADROOM * meanMsPerChar), AVG_FLOOR_MS, AVG_CEILING_MS),
      maxGapMs: suggestedMaxGapMs,
      endSilenceMs: suggestedMaxGapMs + END_SILENCE_MARGIN_MS,
    },
  };
}
