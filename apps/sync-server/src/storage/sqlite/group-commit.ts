import type Database from "better-sqlite3";

interface Pending {
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** The longest a commit waits for writes that are still arriving. */
const MAX_WAIT_MS = 4;

/**
 * Writes that arrive while another is being committed share the next transaction, so several tills
 * syncing at once pay for one commit (and, behind it, one WAL sync) instead of one each. While `arriving`
 * says more writers are on their way (requests still being read), the commit waits for them, up to
 * a few milliseconds. A write that throws is undone and rejected alone; the others still commit.
 * A write may therefore run twice (the second time after its first run was rolled back), so it
 * must not act outside the database, except on caches checked against the stored rows (like the
 * card-state cache). Callers resolve when their commit returns; the connection runs with
 * `synchronous=NORMAL`, so that commit is not on disk yet: the storage's answers wait for the WAL
 * sync that follows (`wal-sync.ts`, `after-wal-sync.ts`), and commits go on meanwhile.
 */
export class GroupCommit {
  #pending: Pending[] = [];
  #scheduled = false;
  #firstQueuedAt = 0;

  constructor(
    readonly db: Database.Database,
    readonly arriving: () => number = () => 0,
    /** The clock the wait is measured on (a test holds it still: only `arriving` then ends it). */
    readonly now: () => number = () => performance.now(),
  ) {}

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      this.#firstQueuedAt = this.now();
      // After the I/O callbacks already due: requests read meanwhile join this commit.
      setImmediate(this.#flushWhenReady);
    });
  }

  readonly #flushWhenReady = (): void => {
    if (this.arriving() > 0 && this.now() - this.#firstQueuedAt < MAX_WAIT_MS) {
      setTimeout(this.#flushWhenReady, 1);
      return;
    }
    this.#flush();
  };

  /** Commits what is waiting now, e.g. before the database closes. */
  drain(): void {
    if (this.#pending.length > 0) this.#flush();
  }

  #flush(): void {
    this.#scheduled = false;
    const group = this.#pending;
    this.#pending = [];
    if (group.length === 0) return;
    try {
      const values = this.db.transaction(() => group.map(({ work }) => work())).immediate();
      group.forEach((item, i) => {
        item.resolve(values[i]);
      });
    } catch (error) {
      const [only] = group;
      if (group.length === 1 && only) {
        only.reject(error);
        return;
      }
      // One write failed and took the group's transaction with it: the writes are run again one
      // transaction each, so only the failing one is refused. (Savepoints would isolate them in
      // one commit, but copy every page they touch to a sub-journal, failure or not.)
      for (const item of group) {
        try {
          item.resolve(this.db.transaction(item.work).immediate());
        } catch (alone) {
          item.reject(alone);
        }
      }
    }
  }
}
