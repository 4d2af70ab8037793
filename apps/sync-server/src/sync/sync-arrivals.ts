/**
 * Sync requests whose bodies are still being read: their writes are about to be queued, so the
 * store's group commit may wait a moment for them rather than commit without them.
 */
export class SyncArrivals {
  #reading = 0;

  get reading(): number {
    return this.#reading;
  }

  /** Counts a request in until the returned function is called (once; later calls do nothing). */
  enter(): () => void {
    this.#reading++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#reading--;
    };
  }
}
