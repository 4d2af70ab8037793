import type { SyncWal } from "../src/storage/sqlite/wal-sync";

/** One WAL sync the test holds back: it runs the real fdatasync once released, or fails. */
export interface HeldSync {
  release(): void;
  fail(error: Error): void;
}

/**
 * A `SyncWal` that passes syncs through until `hold` is set, then keeps each one until the test
 * releases or fails it; `next()` answers with the next held sync once it has been asked for.
 */
export class HeldWalSyncs {
  hold = false;
  readonly #held: HeldSync[] = [];
  readonly #waiting: ((sync: HeldSync) => void)[] = [];

  readonly syncWal: SyncWal = (datasync) => {
    if (!this.hold) return datasync();
    return new Promise<void>((resolve, reject) => {
      const sync: HeldSync = {
        release: () => {
          datasync().then(resolve, reject);
        },
        fail: reject,
      };
      const waiter = this.#waiting.shift();
      if (waiter) waiter(sync);
      else this.#held.push(sync);
    });
  };

  /** How many syncs are held and not yet taken by `next()`. */
  get pending(): number {
    return this.#held.length;
  }

  next(): Promise<HeldSync> {
    const sync = this.#held.shift();
    if (sync) return Promise.resolve(sync);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
}
