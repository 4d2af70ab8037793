import { join } from "node:path";
import { PasswordHasher } from "./admin/password";
import type { Config } from "./config";
import { TokenBuckets } from "./http/token-bucket";
import type { Logger } from "./logger";
import { privateFile, tightenTree } from "./private-files";
import { CardCodeKeys } from "./secrets/card-code-keys";
import { DeviceTokens } from "./secrets/device-tokens";
import { RotatingBarcodeKeys } from "./secrets/rotating-barcode-keys";
import type { RateLimits, Services } from "./services";
import { openSqliteStorage } from "./storage/sqlite/sqlite-storage";
import type { SyncWal } from "./storage/sqlite/wal-sync";
import type { Storage } from "./storage/storage";
import type { RateLimitStore } from "./storage/store";
import { CompactBodyMemo } from "./sync/compact-body-memo";
import { CompactFacts } from "./sync/compact-facts";
import { PullGate } from "./sync/pull-gate";
import { DEFAULT_PULL_WAIT_LIMITS, type PullWaitLimits, PullWaits } from "./sync/pull-waits";
import { ScopeTail } from "./sync/scope-tail";
import { ServerClock } from "./sync/server-clock";
import { SyncArrivals } from "./sync/sync-arrivals";
import { realTimers, type WaitTimers } from "./wait-timers";

/**
 * The server's limits. All but `device` come from the storage, so on PostgreSQL every instance
 * takes from the same buckets (on SQLite, one process, they are in memory).
 */
export function defaultRateLimits(shared: RateLimitStore): RateLimits {
  return {
    // A till pushes a batch per new event at worst and pulls pages of 1000: 20/s sustained is
    // far beyond a real queue, while a runaway loop is cut off. Per instance even on PostgreSQL:
    // it guards no secret, and a shared bucket would add a database write to every sync round.
    device: new TokenBuckets(120, 20),
    apiKey: shared.limiter("api-key", 120, 20),
    pairing: shared.limiter("pairing", 10, 0.2),
    login: shared.limiter("login", 10, 0.1),
    claim: shared.limiter("claim", 20, 0.5),
    // A phone signs up once; a script minting hundreds of cards from one address is cut off.
    join: shared.limiter("join", 20, 0.1),
    // A pass is registered by a phone and a watch, once each: a few more after a reinstall.
    passRegistration: shared.limiter("pass-registration", 10, 1 / 60),
    // Many phones share a shop's address; a script registering or logging in a loop is cut off.
    walletService: shared.limiter("wallet-service", 60, 1),
    // A merchant exports now and then; a script downloading in a loop would keep the database busy.
    exports: shared.limiter("exports", 10, 1 / 60),
    // A merchant tries a few logos in a row; a loop uploading them would keep a core busy.
    logoUploads: shared.limiter("logo-uploads", 20, 1 / 10),
    // Bounces come from the shop's mail server, a campaign's hard bounces within minutes (its
    // queue retries a refusal later); a script posting messages to parse in a loop is cut off.
    mailBounces: shared.limiter("mail-bounces", 300, 5),
  };
}

/**
 * PostgreSQL when DATABASE_URL names one, else SQLite in DATA_DIR (its WAL synced by `syncWal`,
 * checkpointed in a worker past `checkpointFrames` when given: the server's).
 */
async function openStorage(
  config: Config,
  logger: Logger,
  syncArrivals: SyncArrivals,
  syncWal?: SyncWal,
  checkpointFrames?: number,
): Promise<Storage> {
  if (config.databaseUrl) {
    // Loaded only here: a SQLite install (and every CLI command on it) never loads pg.
    const { openPgStorage } = await import("./storage/pg/pg-storage");
    return openPgStorage(config.databaseUrl, {
      secretsKey: config.secretsKey,
      poolSize: config.databasePoolSize,
    });
  }
  // The database is created 0600 before SQLite opens it; its -wal and -shm files take its mode.
  const database = join(config.dataDir, "stamp.db");
  privateFile(database);
  return openSqliteStorage(database, {
    syncsArriving: () => syncArrivals.reading,
    ...(syncWal ? { syncWal } : {}),
    ...(checkpointFrames === undefined
      ? {}
      : {
          checkpoints: {
            frames: checkpointFrames,
            failed: (error: Error) =>
              logger.error(
                { err: error },
                "the WAL checkpoint worker failed; commits checkpoint on the event loop again",
              ),
          },
        }),
  });
}

/** What the server (and tests and benches) set beyond the config; the CLI sets none. */
export interface OpenServicesOptions {
  /** Rate limits; by default the storage's shared ones (`defaultRateLimits`). */
  readonly limits?: RateLimits | undefined;
  readonly now?: (() => number) | undefined;
  readonly pullWaitLimits?: PullWaitLimits | undefined;
  /** The clock and timers held pulls and streams wait on; tests drive their own. */
  readonly waitTimers?: WaitTimers | undefined;
  /** How a SQLite WAL is synced (`wal-sync.ts`); tests hold syncs back or fail them. */
  readonly syncWal?: SyncWal | undefined;
  /** SQLite: WAL frames past which a worker checkpoints (`wal-checkpoints.ts`); unset: SQLite's own. */
  readonly checkpointFrames?: number | undefined;
}

/**
 * Opens DATA_DIR and the database (migrated), the secrets, the clock. Shared by the server and the
 * CLI; `storage` is closed by whoever opened it.
 */
export async function openServices(
  config: Config,
  logger: Logger,
  publicUrl: string,
  options: OpenServicesOptions = {},
): Promise<Services & { storage: Storage }> {
  const {
    limits,
    now = Date.now,
    pullWaitLimits = DEFAULT_PULL_WAIT_LIMITS,
    waitTimers = realTimers,
    syncWal,
    checkpointFrames,
  } = options;
  tightenTree(config.dataDir);
  const syncArrivals = new SyncArrivals();
  const storage = await openStorage(config, logger, syncArrivals, syncWal, checkpointFrames);
  const store = storage.store;
  let opened: Pick<Services, "deviceTokens" | "clock" | "logEpoch">;
  try {
    opened = {
      deviceTokens: await DeviceTokens.open(storage.secrets),
      clock: new ServerClock(await store.latestHlc(), now()),
      logEpoch: await storage.logEpoch(),
    };
  } catch (error) {
    // A pool left open would keep a process that cannot start alive.
    await storage.close();
    throw error;
  }
  return {
    storage,
    store,
    syncArrivals,
    pullWaits: new PullWaits(storage.changes, pullWaitLimits, waitTimers),
    maxStreamSeconds: config.maxStreamSeconds,
    pullGate: new PullGate(),
    scopeTail: new ScopeTail(store, storage.changes),
    compactBodies: new CompactBodyMemo(),
    compactFacts: new CompactFacts(),
    ...opened,
    cardKeys: new CardCodeKeys(storage.secrets),
    rotatingKeys: new RotatingBarcodeKeys(storage.secrets),
    devicePolicy: { maxAheadMs: config.maxClockDriftMs },
    logger,
    publicUrl,
    publicHttps: config.publicUrl?.startsWith("https:") ?? false,
    trustProxy: config.trustProxy,
    kioskDist: config.kioskDist,
    limits: limits ?? defaultRateLimits(storage.limits),
    passwords: new PasswordHasher(config.passwordHashCost),
    pinHashCost: config.pinHashCost,
    now,
  };
}
