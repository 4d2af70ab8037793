import { writeFileSync } from "node:fs";
import { peakRssMb } from "./bench-support";

/** One phase of a run: when it ran and the most RSS any of the processes reached in it. */
export interface PhasePeak {
  readonly name: string;
  /** When it ran (ms since the epoch), for the memory probe's samples. */
  readonly window: readonly [number, number];
  /** The peak RSS (VmHWM) of the process that went highest during the phase, MB. */
  readonly rss: number;
}

/** Resets a process's VmHWM to its RSS now (Linux ≥ 4.0, `clear_refs` 5). */
function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}

/**
 * The peak RSS of some processes phase by phase, exact: the kernel's high-water mark (VmHWM) is
 * reset as each phase starts and read as it ends, so a peak of a second between two samples is
 * not missed, and a run's peak is the phase it fell in (issue 13: the many-tills run's whole
 * peak was the kernel's VmHWM, reached in a catch-up no step measured). The whole-run figure is
 * the most of every phase's and of what came before the first; phases run one after another.
 */
export class PhasePeaks {
  readonly #pids: readonly number[];
  readonly #phases: PhasePeak[] = [];
  #before = 0;
  #running = false;

  constructor(pids: readonly number[]) {
    this.#pids = pids;
    this.#before = this.#peakAndReset();
  }

  /** Runs `work` as the phase `name`, and records its peak. */
  async phase<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (this.#running) throw new Error(`phase ${name} overlaps another: a VmHWM is per process`);
    this.#running = true;
    this.#before = Math.max(this.#before, this.#peakAndReset());
    const started = Date.now();
    try {
      return await work();
    } finally {
      this.#phases.push({ name, window: [started, Date.now()], rss: this.#peakAndReset() });
      this.#running = false;
    }
  }

  /** The phases so far, in the order they ran. */
  get phases(): readonly PhasePeak[] {
    return this.#phases;
  }

  /** The last phase's peak, MB. */
  get last(): PhasePeak {
    const last = this.#phases.at(-1);
    if (!last) throw new Error("no phase has run");
    return last;
  }

  /** The peak of the run so far (every phase and what came before and between them), MB. */
  get whole(): number {
    if (this.#running) throw new Error("the whole run's peak is read between phases");
    this.#before = Math.max(this.#before, this.#peakAndReset());
    return Math.max(this.#before, ...this.#phases.map((p) => p.rss));
  }

  /** The phase of the run's peak, or null when it came outside every phase. */
  get wholeIn(): PhasePeak | null {
    const whole = this.whole;
    return this.#phases.find((p) => p.rss === whole) ?? null;
  }

  #peakAndReset(): number {
    const peak = Math.max(0, ...this.#pids.map(peakRssMb));
    for (const pid of this.#pids) resetPeakRss(pid);
    return peak;
  }
}
