/** The same code read again within this window is the same presentation, not a new scan. */
export const REPEAT_WINDOW_MS = 2_500;

/**
 * Decoders report a code on every frame it is visible, and wedge scanners sometimes fire twice;
 * only the first read of a code within the window counts.
 */
export class Dedupe {
  readonly #windowMs: number;
  #last: { code: string; at: number } | null = null;

  constructor(windowMs = REPEAT_WINDOW_MS) {
    this.#windowMs = windowMs;
  }

  accept(code: string, nowMs: number): boolean {
    const last = this.#last;
    const repeat = last !== null && last.code === code && nowMs - last.at < this.#windowMs;
    // A code held in view keeps extending its window, so it is read once per presentation.
    this.#last = { code, at: nowMs };
    return !repeat;
  }

  reset(): void {
    this.#last = null;
  }
}
