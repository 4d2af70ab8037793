import { join } from "node:path";
import type { Config } from "./config";
import { TokenBuckets } from "./http/token-bucket";
import type { Logger } from "./logger";
import { privateFile, tightenTree } from "./private-files";
import { CardCodeKeys } from "./secrets/card-code-keys";
import { DeviceTokens } from "./secrets/device-tokens";
import type { RateLimits, Services } from "./services";
import { openSqliteStorage } from "./storage/sqlite/sqlite-storage";
import type { Storage } from "./storage/storage";
import { ServerClock } from "./sync/server-clock";
import { SyncArrivals } from "./sync/sync-arrivals";

export function defaultRateLimits(): RateLimits {
  return {
    // A till pushes a batch per new event at worst and pulls pages of 1000: 20/s sustained is
    // far beyond a real queue, while a runaway loop is cut off.
    device: new TokenBuckets(120, 20),
    apiKey: new TokenBuckets(120, 20),
    pairing: new TokenBuckets(10, 0.2),
    login: new TokenBuckets(10, 0.1),
    claim: new TokenBuckets(20, 0.5),
    // A phone signs up once; a script minting hundreds of cards from one address is cut off.
    join: new TokenBuckets(20, 0.1),
    // A pass is registered by a phone and a watch, once each: a few more after a reinstall.
    passRegistration: new TokenBuckets(10, 1 / 60),
    // Many phones share a shop's address; a script registering or logging in a loop is cut off.
    walletService: new TokenBuckets(60, 1),
  };
}

/** PostgreSQL when DATABASE_URL names one, else SQLite in DATA_DIR. */
async function openStorage(config: Config, syncArrivals: SyncArrivals): Promise<Storage> {
  if (config.databaseUrl) {
    // Loaded only here: a SQLite install (and every CLI command on it) never loads pg.
    const { openPgStorage } = await import("./storage/pg/pg-storage");
    return openPgStorage(config.databaseUrl);
  }
  // The database is created 0600 before SQLite opens it; its -wal and -shm files take its mode.
  const database = join(config.dataDir, "stamp.db");
  privateFile(database);
  return openSqliteStorage(database, () => syncArrivals.reading);
}

/**
 * Opens DATA_DIR and the database (migrated), the secrets, the clock. Shared by the server and the
 * CLI; `storage` is closed by whoever opened it.
 */
export async function openServices(
  config: Config,
  logger: Logger,
  publicUrl: string,
  limits: RateLimits = defaultRateLimits(),
  now: () => number = Date.now,
): Promise<Services & { storage: Storage }> {
  tightenTree(config.dataDir);
  const syncArrivals = new SyncArrivals();
  const storage = await openStorage(config, syncArrivals);
  const store = storage.store;
  return {
    storage,
    store,
    syncArrivals,
    deviceTokens: DeviceTokens.load(config.dataDir),
    cardKeys: new CardCodeKeys(config.dataDir),
    clock: new ServerClock(await store.latestHlc(), now()),
    logEpoch: await storage.logEpoch(),
    devicePolicy: { maxAheadMs: config.maxClockDriftMs },
    logger,
    publicUrl,
    publicHttps: config.publicUrl?.startsWith("https:") ?? false,
    trustProxy: config.trustProxy,
    kioskDist: config.kioskDist,
    limits,
    now,
  };
}
