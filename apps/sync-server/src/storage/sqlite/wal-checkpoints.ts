import { closeSync, openSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { endianness } from "node:os";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

export interface WalCheckpointOptions {
  /** WAL frames (pages) past which the worker checkpoints (`CHECKPOINT_FRAMES` in the server). */
  readonly frames: number;
  /** Told once the worker failed; the connection then checkpoints on commit again. */
  readonly failed: (error: Error) => void;
  /** Starts the worker on the database file; tests hand in one that fails. */
  readonly startWorker?: (file: string) => Worker;
}

/**
 * The worker: its own connection to the file, one PASSIVE checkpoint per message (it syncs the WAL
 * before copying and the database after; a checkpoint another connection runs answers busy=1
 * rather than failing), and closes when told.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("synchronous = FULL");
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    process.exit(0);
  }
  parentPort.postMessage(checkpoint.get());
});
`;

const header = Buffer.alloc(100);
const readU32 = endianness() === "LE" ? "readUInt32LE" : "readUInt32BE";

/**
 * The WAL's size from the wal-index header in the -shm file (`fd`), which every connection maps:
 * its u32 at 16 is mxFrame (frames since the WAL restarted), at 96 nBackfill (frames a checkpoint
 * copied), in the machine's byte order (https://sqlite.org/walformat.html).
 */
export function walIndex(fd: number): { readonly frames: number; readonly copied: number } {
  if (readSync(fd, header, 0, 100, 0) < 100) return { frames: 0, copied: 0 };
  return { frames: header[readU32](16), copied: header[readU32](96) };
}

/** A worker thread with its own connection to `file` that checkpoints when asked. */
export function startCheckpointWorker(file: string): Worker {
  // Resolved here, not in the worker: an eval'd worker has no module of its own to resolve from,
  // and the server's bundle keeps better-sqlite3 external (in node_modules beside it).
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  return new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
}

/**
 * Keeps WAL checkpoints off the event loop. SQLite's autocheckpoint runs inside the commit that
 * crosses its threshold: copying ~64 MB of WAL into the database and its fsyncs froze the event
 * loop for 47–626 ms in the request that committed (issue 16, the stall probe). Here the
 * connection does not checkpoint at the threshold; after its commits `afterCommit()` asks a worker
 * thread, whose own connection to the same file runs `PRAGMA wal_checkpoint(PASSIVE)`. The
 * connection itself restarts the WAL from its beginning at its next write once all of it is
 * copied, as before (journal_size_limit trims it then).
 *
 * How big the WAL is: `walIndex`, the header SQLite keeps in the -shm file; one 100-byte pread per
 * call, no lock (it is SQLite's documented file format, as the stall probe reads it). The
 * WAL file's size cannot say it (it is reused from the start, never shrinks below the limit),
 * and counting commits on this side would not know pages per commit nor see the CLI's. A read
 * racing a commit sees the older or newer count: the checkpoint starts one commit early or late.
 *
 * Bounded if the worker falls behind or dies: the connection keeps SQLite's own autocheckpoint at
 * twice the threshold, so should the worker lag a stream of commits (each checkpoint copying what
 * came meanwhile), the connection's commits past that checkpoint as SQLite's always did; once
 * the worker fails, `failed` is told and the connection checkpoints at the threshold again.
 * Durability is untouched: the checkpoint syncs the WAL before copying it and the database after
 * (the worker's connection runs synchronous=FULL), and only this connection restarts the WAL,
 * as before (`wal-sync.ts`).
 */
export class WalCheckpoints {
  readonly #client: Database.Database;
  readonly #frames: number;
  readonly #failed: (error: Error) => void;
  readonly #worker: Worker;
  #shm: number | null;
  #checkpointing = false;
  #closing = false;
  #failure: Error | null = null;
  /** Resolve once no checkpoint is running (a test's or close's wait). */
  #idle: (() => void)[] = [];
  readonly #exited: Promise<void>;

  constructor(client: Database.Database, file: string, options: WalCheckpointOptions) {
    this.#client = client;
    this.#frames = options.frames;
    this.#failed = options.failed;
    client.pragma(`wal_autocheckpoint = ${2 * options.frames}`);
    // The -shm file exists while the connection is open in WAL mode (migrations read it).
    this.#shm = openSync(`${file}-shm`, "r");
    this.#worker = (options.startWorker ?? startCheckpointWorker)(file);
    // A storage never closed (a process ending on an error) does not stay alive for it; a
    // checkpoint cut off is one SQLite completes or redoes later.
    this.#worker.unref();
    this.#worker.on("message", () => this.#checkpointed());
    this.#worker.on("error", (error) => {
      this.#failure ??= error;
    });
    this.#exited = new Promise((resolve) => {
      this.#worker.on("exit", (code) => {
        if (!this.#closing)
          this.#fallBack(this.#failure ?? new Error(`the checkpoint worker exited (${code})`));
        this.#checkpointed();
        resolve();
      });
    });
  }

  /** After commits: asks the worker to checkpoint once the WAL holds `frames` not yet copied. */
  afterCommit(): void {
    if (this.#checkpointing || this.#closing || this.#failure || this.#shm === null) return;
    const wal = walIndex(this.#shm);
    // Past the threshold, anything not yet copied is: a checkpoint that lagged commits leaves a
    // tail, and the WAL restarts only once that is copied too.
    if (wal.frames < this.#frames || wal.copied >= wal.frames) return;
    this.#checkpointing = true;
    this.#worker.postMessage("checkpoint");
  }

  /** Resolves once no checkpoint asked for is running. */
  idle(): Promise<void> {
    if (!this.#checkpointing) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Closes the worker's connection (after a checkpoint running): before the connection's own. */
  async close(): Promise<void> {
    if (!this.#closing) {
      this.#closing = true;
      this.#worker.ref(); // the process waits for its connection to close
      if (!this.#failure) this.#worker.postMessage("close");
    }
    await this.#exited;
    if (this.#shm !== null) closeSync(this.#shm);
    this.#shm = null;
  }

  #checkpointed(): void {
    this.#checkpointing = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  #fallBack(error: Error): void {
    this.#failure = error;
    this.#client.pragma(`wal_autocheckpoint = ${this.#frames}`);
    this.#failed(error);
  }
}
