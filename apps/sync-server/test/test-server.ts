import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_MAX_DEVICE_AHEAD_MS } from "@stamp/core";
import { PIN_HASH_COSTS } from "@stamp/wire-protocol";
import { inject } from "vitest";
import { PASSWORD_HASH_COSTS } from "../src/admin/password";
import { type Config, DEFAULT_DATABASE_POOL_SIZE, DEFAULT_MAX_STREAM_SECONDS } from "../src/config";
import type { ProxyTrust } from "../src/http/proxy-trust";
import { TokenBuckets } from "../src/http/token-bucket";
import { createLogger } from "../src/logger";
import type { DemoSeed } from "../src/seed";
import { type RunningServer, startServer } from "../src/server";
import type { RateLimits } from "../src/services";
import type { SyncWal } from "../src/storage/sqlite/wal-sync";
import type { PullWaitLimits } from "../src/sync/pull-waits";
import type { HostFacts } from "../src/tls/host-names";
import type { WaitTimers } from "../src/wait-timers";
import { loadWalletConfig } from "../src/wallet/wallet-config";
import { postgresTableDump, sqliteTableDump } from "./table-dump";
import { freshPostgresDatabase } from "./test-postgres";

/** The SECRETS_KEY of test servers on PostgreSQL (each test database is its own). */
export const TEST_SECRETS_KEY = new Uint8Array(randomBytes(32));

/**
 * Test servers hash admin passwords (and staff PINs) at the lowest cost PASSWORD_HASH_COST allows (a few ms, not
 * ~50–500 ms at every seed and login); the hashes are scrypt's all the same.
 */
export const TEST_PASSWORD_HASH_COST = PASSWORD_HASH_COSTS.min;

export type TestDatabaseKind = "sqlite" | "postgres";

/** Both adapters, for integration tests that run on each (`describe.each(DATABASES)`). */
export const DATABASES: readonly TestDatabaseKind[] = ["sqlite", "postgres"];

/** Limits no test hits by accident; tests of the limits pass their own. */
export function roomyRateLimits(): RateLimits {
  const roomy = () => new TokenBuckets(1_000_000, 1_000_000);
  return {
    device: roomy(),
    apiKey: roomy(),
    pairing: roomy(),
    login: roomy(),
    claim: roomy(),
    join: roomy(),
    passRegistration: roomy(),
    walletService: roomy(),
    exports: roomy(),
    logoUploads: roomy(),
    mailBounces: roomy(),
  };
}

export interface TestServer extends RunningServer {
  readonly dataDir: string;
  readonly seed: DemoSeed;
  /** The rows of `tables`, to prove that a request changed nothing (see table-dump). */
  dump(tables: readonly string[]): Promise<Record<string, unknown[]>>;
}

export interface TestServerOptions {
  limits?: RateLimits;
  kioskDist?: string;
  publicUrl?: string;
  trustProxy?: ProxyTrust;
  /** The machine's name and addresses as the server sees them (certificate names). */
  hostFacts?: () => HostFacts;
  /** Daily backups kept; 0 (the default here): none. */
  backupDays?: number;
  metricsToken?: string;
  /** The server's clock (default: the wall clock), so a test can let hours pass. */
  now?: () => number;
  /** How far ahead a till's events may be dated (MAX_CLOCK_DRIFT_SECONDS); a day by default. */
  maxClockDriftMs?: number;
  /** Wallet settings as environment variables (APNs and Google fakes, push timing). */
  walletEnv?: NodeJS.ProcessEnv;
  /** Where e-mail goes (a local SMTP server the test started); unset: e-mail is logged. */
  smtpUrl?: string;
  /** MAIL_BOUNCE_ADDRESS: campaign e-mail's VERP return path; unset: none. */
  mailBounceAddress?: string;
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS; tests' receivers are on loopback, so true by default. */
  webhookAllowPrivateTargets?: boolean;
  /** A PostgreSQL database to keep everything in; unset: SQLite in the data dir. */
  databaseUrl?: string;
  /** How many pulls the server holds at once (the long-poll); the defaults unless given. */
  pullWaitLimits?: PullWaitLimits;
  /** The clock and timers held pulls and streams wait on; the real ones unless given. */
  waitTimers?: WaitTimers;
  /** MAX_STREAM_SECONDS (the held stream); the default unless given. */
  maxStreamSeconds?: number;
  /** Awaited before each step of a rollup rebuild (a test holds the rebuild with it). */
  beforeRollupStep?: (merchantId: string) => Promise<void>;
  /** How SQLite's WAL is synced (a test holds syncs back or fails them: held-wal-syncs.ts). */
  syncWal?: SyncWal;
}

/**
 * An in-process server on 127.0.0.1 with an ephemeral port over `dataDir` as it is (a restored
 * one, say): `close()` stops it and leaves the directory.
 */
export function startServerOn(
  dataDir: string,
  options: TestServerOptions = {},
): Promise<RunningServer> {
  const config: Config = {
    port: 0,
    host: "127.0.0.1",
    dataDir,
    databaseUrl: options.databaseUrl ?? null,
    secretsKey: options.databaseUrl ? TEST_SECRETS_KEY : null,
    databasePoolSize: DEFAULT_DATABASE_POOL_SIZE,
    publicUrl: options.publicUrl ?? null,
    httpsPort: options.publicUrl?.startsWith("https:") ? null : 0,
    trustProxy: options.trustProxy ?? null,
    kioskDist: options.kioskDist ?? join(dataDir, "no-kiosk-build"),
    logLevel: "silent",
    backupDays: options.backupDays ?? 0,
    metricsToken: options.metricsToken ?? null,
    webhookAllowPrivateTargets: options.webhookAllowPrivateTargets ?? true,
    smtpUrl: options.smtpUrl ?? null,
    mailFrom: "Stamp <stamp@test.example>",
    mailBounceAddress: options.mailBounceAddress ?? null,
    maxClockDriftMs: options.maxClockDriftMs ?? DEFAULT_MAX_DEVICE_AHEAD_MS,
    passwordHashCost: TEST_PASSWORD_HASH_COST,
    pinHashCost: PIN_HASH_COSTS.min,
    maxStreamSeconds: options.maxStreamSeconds ?? DEFAULT_MAX_STREAM_SECONDS,
    wallet: loadWalletConfig(options.walletEnv ?? {}),
  };
  return startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? "silent"), {
    limits: options.limits ?? roomyRateLimits(),
    ...(options.hostFacts ? { hostFacts: options.hostFacts } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.pullWaitLimits ? { pullWaitLimits: options.pullWaitLimits } : {}),
    ...(options.waitTimers ? { waitTimers: options.waitTimers } : {}),
    ...(options.beforeRollupStep ? { beforeRollupStep: options.beforeRollupStep } : {}),
    ...(options.syncWal ? { syncWal: options.syncWal } : {}),
  });
}

/**
 * `server`, started by `startServerOn` on an empty `dataDir` (or empty PostgreSQL database at
 * `databaseUrl`), as a `TestServer`: its demo merchant, and its rows to dump. Closing it is the
 * caller's, with the directory and the database.
 */
export function seededServer(
  server: RunningServer,
  dataDir: string,
  databaseUrl: string | null = null,
): TestServer {
  const { seed } = server;
  if (!seed) throw new Error("a server started on an empty data dir or database seeds it");
  return {
    ...server,
    seed,
    dataDir,
    dump: async (tables) =>
      databaseUrl
        ? postgresTableDump(databaseUrl, tables)
        : sqliteTableDump(join(dataDir, "stamp.db"), tables),
  };
}

/**
 * An in-process server on 127.0.0.1 with an ephemeral port and a fresh DATA_DIR (seeded with the
 * demo merchant; its development wallet credentials are the run's, see
 * dev-credentials-global-setup.ts). `close()` stops it and deletes the directory.
 */
export async function startTestServer(
  options: Omit<TestServerOptions, "databaseUrl"> & {
    /** SQLite in the data dir (the default), or a fresh database in the run's PostgreSQL. */
    database?: TestDatabaseKind;
  } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "stamp-test-"));
  cpSync(inject("devCredentials"), join(dataDir, "certs"), { recursive: true });
  const postgres = options.database === "postgres" ? await freshPostgresDatabase("migrated") : null;
  const server = await startServerOn(dataDir, {
    ...options,
    ...(postgres ? { databaseUrl: postgres.url } : {}),
  });
  return {
    ...seededServer(server, dataDir, postgres?.url ?? null),
    close: async () => {
      await server.close();
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
