import { closeSync, fdatasync, openSync } from "node:fs";
import { promisify } from "node:util";
import type Database from "better-sqlite3";

/**
 * Runs one sync of the WAL: `datasync` is fdatasync(2) of the WAL file on libuv's thread pool.
 * Tests wrap it to hold a sync back or to fail it; the server passes it through.
 */
export type SyncWal = (datasync: () => Promise<void>) => Promise<void>;

interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

const datasyncFd = promisify(fdatasync);

/**
 * Makes a connection's commits durable off the event loop. The connection runs with
 * `synchronous=NORMAL` in WAL mode, so COMMIT only write()s its frames into the WAL file (page
 * cache) and returns; `settled()` then answers once an fdatasync of that file that *started after*
 * every commit made so far has finished. One sync runs at a time; everyone who asks while it runs
 * and has seen a newer commit shares the next one (the WAL fills while the disk works, one sync
 * covers all of it). The SQLite adapter's answers wait for `settled()` (`after-wal-sync.ts`), so
 * nothing is acknowledged before it is on disk — the durability `synchronous=FULL` gave, without
 * the event loop standing still for the fsync inside COMMIT.
 *
 * Why this is as safe as FULL (https://sqlite.org/pragma.html#pragma_synchronous, wal.html):
 * - Corruption: WAL + NORMAL is documented corruption-safe across power loss; SQLite itself syncs
 *   the WAL before every checkpoint copies it into the database, the database after the
 *   checkpoint, and the WAL header when the WAL restarts from its beginning. A power cut can only
 *   lose the newest commits, which no one was told about (their syncs had not finished) — tills
 *   keep unacknowledged events in their outbox and send them again.
 * - The right file: fdatasync on any descriptor of the WAL's inode flushes its dirty pages. The
 *   WAL keeps its inode while this connection is open: a restart after a checkpoint overwrites it
 *   from the start and `journal_size_limit` truncates it in place; SQLite deletes it only when
 *   the last connection closes, and `close()` syncs before the connection closes. fdatasync also
 *   writes the file size when the WAL grew. The server's checkpoints run on another connection,
 *   in a worker thread (`wal-checkpoints.ts`): copying frames into the database changes nothing
 *   in the WAL, the restart is still this connection's next write, and the worker's connection
 *   closes before this one, so this one is the last.
 * - What counts as a commit: `total_changes()` of the connection (every row written, by any
 *   statement or trigger, also outside explicit transactions). Rolled-back changes count too:
 *   they only cost an extra sync. Only this connection's commits are covered: another process
 *   (the CLI) syncs its own before it reports.
 * - A failed sync: Linux may drop the pages it failed to write and report the error only once, so a
 *   later sync could succeed without them while this connection keeps showing their rows. After a
 *   failure nothing can be promised any more: every waiting and later `settled()` rejects (the
 *   callers answer with an error, so tills keep and resend), `failure` says why (GET /readyz) and
 *   `failed` settles: the server stops and exits (`server.ts`, `cli.ts`), as PostgreSQL PANICs on
 *   a failed fsync, and its restart lets SQLite recover what the disk really holds.
 */
export class WalSync {
  readonly #committed: () => number;
  readonly #inTransaction: () => boolean;
  readonly #syncWal: SyncWal;
  #fd: number | null;
  /** `total_changes()` covered by the last sync that finished (or by FULL, before this). */
  #durable: number;
  #running: { readonly through: number; readonly done: Promise<void> } | null = null;
  /** Those who need the sync after the running one. */
  #next: Deferred<void> | null = null;
  #failure: Error | null = null;
  readonly #failed = deferred<Error>();

  constructor(
    client: Database.Database,
    walFile: string,
    syncWal: SyncWal = (datasync) => datasync(),
  ) {
    client.pragma("synchronous = NORMAL");
    const changes = client.prepare<[], number>("SELECT total_changes()").pluck();
    this.#committed = () => changes.get() as number;
    // What the connection committed before (migrations, numbering) was synced by FULL.
    this.#durable = this.#committed();
    this.#inTransaction = () => client.inTransaction;
    this.#syncWal = syncWal;
    // r+: some systems sync only descriptors open for writing. Opened after the connection made
    // the WAL (WAL mode is set and the schema was read before this runs).
    this.#fd = openSync(walFile, "r+");
  }

  /** Why commits can no longer be made durable (a sync failed), or null. */
  get failure(): Error | null {
    return this.#failure;
  }

  /** Resolves with `failure` once a sync failed (it never rejects). */
  get failed(): Promise<Error> {
    return this.#failed.promise;
  }

  /** Resolves once every commit this connection made so far is on disk; rejects if that failed. */
  settled(): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    // Inside a transaction its uncommitted rows would be counted as covered by the next sync.
    if (this.#inTransaction()) throw new Error("settled() inside a transaction");
    const committed = this.#committed();
    if (committed === this.#durable) return Promise.resolve();
    if (!this.#running) return this.#start();
    if (committed <= this.#running.through) return this.#running.done;
    this.#next ??= deferred<void>();
    return this.#next.promise;
  }

  /** Syncs what is committed, then lets go of the WAL file (before the connection closes). */
  async close(): Promise<void> {
    try {
      await this.settled();
      // A sync asked for meanwhile (a write still arriving) finishes before its file is closed.
      while (this.#running) await this.#running.done;
    } finally {
      if (this.#fd !== null) closeSync(this.#fd);
      this.#fd = null;
    }
  }

  #start(): Promise<void> {
    const fd = this.#fd;
    if (fd === null) return Promise.reject(new Error("the WAL sync is closed"));
    // Every commit counted here has written its frames: the sync below starts after them.
    const through = this.#committed();
    const done = this.#syncWal(() => datasyncFd(fd)).then(
      () => {
        this.#durable = through;
        this.#running = null;
        const next = this.#next;
        this.#next = null;
        if (next) this.#start().then(next.resolve, next.reject);
      },
      (error: unknown) => {
        this.#running = null;
        this.#failure = new Error(
          `the database's write-ahead log could not be synced to disk (${String(error)}); restart the server`,
          { cause: error },
        );
        this.#next?.reject(this.#failure);
        this.#next = null;
        this.#failed.resolve(this.#failure);
        throw this.#failure;
      },
    );
    this.#running = { through, done };
    return done;
  }
}

function deferred<T>(): Deferred<T> {
  let resolve = (_value: T): void => {};
  let reject = (_error: unknown): void => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
