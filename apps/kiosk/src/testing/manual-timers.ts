import type { Timers } from "../sync/sync-scheduler";

/** A manual clock standing in for the platform's timers. */
export class ManualTimers implements Timers {
  time = 0;
  #next = 1;
  readonly pending = new Map<number, { at: number; callback: () => void }>();
  set(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.pending.set(id, { at: this.time + ms, callback });
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  now(): number {
    return this.time;
  }
  random(): number {
    return 0.5;
  }
  /** Moves time forward, firing due timers in order and letting their promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      for (let i = 0; i < 10; i++) await Promise.resolve();
      const due = [...this.pending.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
  }
  nextDelay(): number | null {
    const ats = [...this.pending.values()].map((t) => t.at - this.time);
    return ats.length === 0 ? null : Math.min(...ats);
  }
}
