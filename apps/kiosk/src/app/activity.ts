/**
 * Tracks whether someone is in the middle of something (a scan being saved, a card open at the
 * till, a result on the kiosk screen), so an app update is only applied between customers.
 */
export class Activity {
  #holds = 0;
  #lastActiveAt = Date.now();

  /** Marks the start of a piece of work; call the returned function when it ends. */
  hold(): () => void {
    this.#holds += 1;
    this.#lastActiveAt = Date.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds -= 1;
      this.#lastActiveAt = Date.now();
    };
  }

  touch(): void {
    this.#lastActiveAt = Date.now();
  }

  get busy(): boolean {
    return this.#holds > 0;
  }

  /** Calls `callback` once nothing is held and nothing happened for `quietMs`. */
  whenIdle(callback: () => void, quietMs = 0): () => void {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const check = () => {
      const quietFor = Date.now() - this.#lastActiveAt;
      if (!this.busy && quietFor >= quietMs) {
        timer = null;
        callback();
      } else {
        timer = setTimeout(check, Math.max(250, quietMs - quietFor));
      }
    };
    check();
    return () => {
      if (timer !== null) clearTimeout(timer);
    };
  }
}
