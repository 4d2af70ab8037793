import { dirname, join, resolve } from "node:path";
import { backupSqlite } from "../../backup/sqlite-backup";
import { inTurn } from "../../process-turns";
import { dataDirSecrets } from "../../secrets/data-dir-secrets";
import type { SnapshotPolicy } from "../append/card-snapshots";
import { migrationsReady } from "../migration-journal";
import type { Storage } from "../storage";
import { sqliteAdmins } from "./admins";
import { afterWalSync } from "./after-wal-sync";
import { sqliteAudit } from "./audit";
import { sqliteAutomations } from "./automations";
import { sqliteCampaignEmails } from "./campaign-emails";
import { sqliteCampaigns } from "./campaigns";
import { sqliteCards } from "./cards";
import { sqliteCompactCards } from "./compact-cards";
import { sqliteCustomers } from "./customers";
import { sqliteDevices } from "./devices";
import { sqliteExports } from "./exports";
import { sqliteFraud } from "./fraud";
import { GroupCommit } from "./group-commit";
import { sqliteInsight } from "./insight";
import { sqliteLogos } from "./logos";
import { sqliteMerchants } from "./merchants";
import { openDatabase } from "./open-database";
import { sqlitePos } from "./pos";
import { processRateLimits } from "./rate-limits";
import { sqliteRegions } from "./regions";
import { sqliteRollupRebuild } from "./rollup-rebuild";
import { sqliteContext } from "./sqlite-context";
import { SqliteWalletStore } from "./sqlite-wallet-store";
import { sqliteStaff } from "./staff";
import { sqliteSyncPlace } from "./sync-place";
import { sqliteTeam } from "./team";
import { sqliteViewTail } from "./view-tail";
import { type WalCheckpointOptions, WalCheckpoints } from "./wal-checkpoints";
import { type SyncWal, WalSync } from "./wal-sync";
import { sqliteWebhooks } from "./webhooks";

export interface SqliteStorageOptions {
  readonly syncsArriving?: () => number;
  /** How often cards are snapshotted (stamp-core SPEC C13); tests take them often. */
  readonly snapshots?: SnapshotPolicy;
  /** How the WAL is synced (`wal-sync.ts`); tests hold syncs back or fail them. */
  readonly syncWal?: SyncWal;
  /**
   * The server's long-lived connection: checkpoints in a worker thread, off the event loop
   * (`wal-checkpoints.ts`). Without it (CLI, migration, benches' own connections) the connection
   * checkpoints on commit, as SQLite does.
   */
  readonly checkpoints?: WalCheckpointOptions;
}

/**
 * The SQLite adapter (better-sqlite3 is synchronous; the async contract is the PostgreSQL one's):
 * one connection per process, migrated on open; its secrets are files in the database's folder
 * (DATA_DIR/secrets), its limiters in memory. `syncsArriving`: how many sync requests are still
 * being read, so their writes can share a commit. Commits do not fsync on the event loop: the
 * store's and wallet's answers wait for the WAL to be synced on libuv's thread pool (`wal-sync.ts`).
 */
export function openSqliteStorage(file: string, options: SqliteStorageOptions = {}): Storage {
  const context = sqliteContext(openDatabase(file), options.snapshots);
  const syncs = new GroupCommit(context.client, options.syncsArriving);
  const wal = new WalSync(context.client, `${file}-wal`, options.syncWal);
  const checkpoints = options.checkpoints
    ? new WalCheckpoints(context.client, file, options.checkpoints)
    : null;
  const storage: Storage = {
    store: {
      ...sqliteMerchants(context),
      ...sqliteDevices(context, syncs),
      ...sqliteCards(context),
      ...sqlitePos(context),
      ...sqliteAdmins(context),
      ...sqliteTeam(context),
      ...sqliteStaff(context),
      ...sqliteAudit(context),
      ...sqliteFraud(context),
      ...sqliteWebhooks(context),
      ...sqliteCustomers(context),
      ...sqliteExports(context),
      ...sqliteCampaigns(context),
      ...sqliteLogos(context),
      ...sqliteCampaignEmails(context),
      ...sqliteAutomations(context),
      ...sqliteInsight(context),
      ...sqliteRollupRebuild(context),
      ...sqliteRegions(context),
      ...sqliteCompactCards(context),
      ...sqliteViewTail(context),
      ...sqliteSyncPlace(context),
    },
    wallet: new SqliteWalletStore(context),
    changes: context.changes,
    limits: processRateLimits(),
    failed: wal.failed,
    secrets: dataDirSecrets(join(dirname(file), "secrets")),
    // Per process: another server cannot run on the same DATA_DIR (its pid file).
    exclusively: (name, work) => inTurn(`exclusively ${resolve(file)} ${name}`, work),
    backup: (file, files, pace) => backupSqlite(context.client, file, files, pace),
    async ready() {
      if (wal.failure) return { ok: false as const, reason: wal.failure.message };
      try {
        const applied = context.client
          .prepare("SELECT created_at AS at FROM __drizzle_migrations")
          .all() as { at: number }[];
        return migrationsReady(
          "sqlite",
          applied.map((row) => row.at),
        );
      } catch (error) {
        return { ok: false as const, reason: `database unreachable: ${(error as Error).message}` };
      }
    },
    async logEpoch() {
      const row = context.client
        .prepare("SELECT value FROM server_state WHERE key = 'log-epoch'")
        .get() as { value: string } | undefined;
      return row?.value ?? "";
    },
    async close() {
      syncs.drain();
      try {
        await wal.close();
      } finally {
        // The worker's connection closes first: the last one to close checkpoints the WAL and
        // removes it, and WalSync's argument holds only while this connection keeps it.
        await checkpoints?.close();
        context.client.close();
      }
    },
  };
  const settled = () => {
    checkpoints?.afterCommit();
    return wal.settled();
  };
  return {
    ...storage,
    store: afterWalSync(storage.store, settled),
    wallet: afterWalSync(storage.wallet, settled),
  };
}
