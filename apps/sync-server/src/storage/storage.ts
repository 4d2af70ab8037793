import type { BackupSummary } from "../backup/backup-summary";
import type { CarriedFile } from "../backup/carried-files";
import type { BackupPace } from "../backup/sqlite-backup";
import type { ScopeFeed } from "./scope-changes";
import type { RateLimitStore, SecretStore, Store } from "./store";
import type { WalletStore } from "./wallet-store";

/** One process's connection to the database, whichever adapter serves it. */
export interface Storage {
  readonly store: Store;
  readonly wallet: WalletStore;
  readonly limits: RateLimitStore;
  readonly secrets: SecretStore;
  /** Every committed append's scopes, from any instance on this database: what wakes long-polls. */
  readonly changes: ScopeFeed;
  /**
   * Runs `work` while no other process on this database runs exclusive work of the same `name`
   * (the first start's seed: instances starting together on an empty database seed it once).
   */
  exclusively<T>(name: string, work: () => Promise<T>): Promise<T>;
  /**
   * Names this database's history (`server_state` `log-epoch`); "" until a restore draws one.
   * Read once at start: a restore happens only while no server runs.
   */
  logEpoch(): Promise<string>;
  /**
   * Resolves once this process can no longer make commits durable (SQLite: a WAL sync failed,
   * `sqlite/wal-sync.ts`); the server then stops and exits. Absent on PostgreSQL, whose server
   * itself stops (PANIC) on a failed fsync.
   */
  readonly failed?: Promise<Error>;
  /** The database answers and has every migration of this build (GET /readyz). */
  ready(): Promise<{ readonly ok: true } | { readonly ok: false; readonly reason: string }>;
  /**
   * A consistent copy of the live database in `file` (SQLite's online backup), carrying `files`
   * from DATA_DIR, copied at `pace`. Absent where the database server backs itself up
   * (PostgreSQL: pg_dump, see the README).
   */
  readonly backup?: (
    file: string,
    files: readonly CarriedFile[],
    pace: BackupPace,
  ) => Promise<BackupSummary>;
  close(): Promise<void>;
}
