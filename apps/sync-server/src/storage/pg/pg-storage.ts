import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type { PoolClient } from "pg";
import { DEFAULT_DATABASE_POOL_SIZE } from "../../config";
import { SNAPSHOTS, type SnapshotPolicy } from "../append/card-snapshots";
import { planCardNumbers, type UnnumberedCard } from "../card-numbers";
import { MIGRATIONS, migrationsReady } from "../migration-journal";
import { ScopeChanges } from "../scope-changes";
import type { Storage } from "../storage";
import { pgAdmins } from "./admins";
import { ANALYZE_AFTER_EVENTS, analyzeWhenGrown } from "./analyze-when-grown";
import { pgAudit } from "./audit";
import { pgAutomations } from "./automations";
import { pgCampaignEmails } from "./campaign-emails";
import { pgCampaigns } from "./campaigns";
import { pgCards } from "./cards";
import { pgCompactCards } from "./compact-cards";
import { pgCustomers } from "./customers";
import { pgDevices } from "./devices";
import { PgEventLog } from "./event-log";
import { pgExports } from "./exports";
import { pgFraud } from "./fraud";
import { pgInsight } from "./insight";
import { pgLogos } from "./logos";
import { pgMerchants } from "./merchants";
import { type PgContext, pgContext, pgPool } from "./pg-context";
import { PgScopeFeed } from "./pg-scope-feed";
import { pgWalletStore } from "./pg-wallet-store";
import { pgPos } from "./pos";
import { pgRateLimits } from "./rate-limits";
import { pgRegions } from "./regions";
import { pgRollupRebuild } from "./rollup-rebuild";
import { pgSecrets } from "./secrets";
import { pgStaff } from "./staff";
import { pgSyncPlace } from "./sync-place";
import { pgTeam } from "./team";
import { pgViewTail } from "./view-tail";
import { pgWebhooks } from "./webhooks";

/** Any constant: instances starting together take turns to migrate. */
const MIGRATION_LOCK = 7_310_013;
/** The advisory locks' key space of `exclusively` (two-int keys never meet MIGRATION_LOCK's). */
const EXCLUSIVE_LOCKS = 7_310_014;

/** Gives cards stored before the card-number migration their numbers, in one transaction. */
async function numberCards(client: PoolClient): Promise<void> {
  const unnumbered = await client.query<UnnumberedCard>(
    'SELECT id, merchant_id AS "merchantId" FROM cards WHERE number IS NULL ORDER BY created_at, id',
  );
  if (unnumbered.rows.length === 0) return;
  await client.query("BEGIN");
  try {
    const numbered = await client.query<{ merchantId: string; number: string }>(
      'SELECT merchant_id AS "merchantId", number FROM cards WHERE number IS NOT NULL',
    );
    for (const card of planCardNumbers(unnumbered.rows, numbered.rows))
      await client.query("UPDATE cards SET number = $1 WHERE id = $2 AND number IS NULL", [
        card.number,
        card.id,
      ]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/**
 * A pool on the database with its schema brought up to date (one instance at a time, under an
 * advisory lock, so several starting together do not race), and the event log over it.
 */
export async function openPgLog(
  url: string,
  poolSize: number,
  snapshots: SnapshotPolicy = SNAPSHOTS,
): Promise<{
  readonly context: PgContext;
  readonly log: PgEventLog;
  /** This process's committed appends (`PgScopeFeed` tells the other instances). */
  readonly committed: ScopeChanges;
}> {
  const pool = pgPool(url, poolSize);
  try {
    const client = await pool.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
      await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS.postgresql });
      await numberCards(client);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  const context = pgContext(pool);
  const committed = new ScopeChanges();
  return { context, log: new PgEventLog(context, snapshots, committed), committed };
}

export interface PgStorageOptions {
  /** SECRETS_KEY, which seals the signing keys kept in the database; null: none (secrets fail). */
  readonly secretsKey?: Uint8Array | null;
  /** The pool's connections at most (DATABASE_POOL_SIZE); DEFAULT_DATABASE_POOL_SIZE by default. */
  readonly poolSize?: number;
  /** How often cards are snapshotted (stamp-core SPEC C13); tests take them often. */
  readonly snapshots?: SnapshotPolicy;
  /** Events appended to a never-analyzed database before ANALYZE (`analyze-when-grown.ts`). */
  readonly analyzeAfter?: number;
}

/**
 * The PostgreSQL adapter: a pool per process, migrated on open. Backups are the database server's
 * (pg_dump), so there is no `backup` here.
 */
export async function openPgStorage(url: string, options: PgStorageOptions = {}): Promise<Storage> {
  const { context, log, committed } = await openPgLog(
    url,
    options.poolSize ?? DEFAULT_DATABASE_POOL_SIZE,
    options.snapshots,
  );
  const { pool } = context;
  let changes: PgScopeFeed;
  let grown: (appended: number) => Promise<boolean>;
  try {
    grown = await analyzeWhenGrown(pool, options.analyzeAfter ?? ANALYZE_AFTER_EVENTS);
    changes = await PgScopeFeed.open(url, committed);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const cards = pgCards(context, log);
  return {
    store: {
      ...pgMerchants(context, log, committed),
      ...pgDevices(context, log, committed),
      ...cards,
      async appendEvents(batch) {
        const outcomes = await cards.appendEvents(batch);
        await grown(batch.events.length);
        return outcomes;
      },
      async appendServerEvent(append, respond, idempotency) {
        const answer = await cards.appendServerEvent(append, respond, idempotency);
        await grown(append.events.length);
        return answer;
      },
      ...pgPos(context, log),
      ...pgAdmins(context),
      ...pgTeam(context),
      ...pgStaff(context),
      ...pgAudit(context),
      ...pgFraud(context),
      ...pgWebhooks(context),
      ...pgCustomers(context),
      ...pgExports(context),
      ...pgCampaigns(context, log),
      ...pgLogos(context, log),
      ...pgCampaignEmails(context),
      ...pgAutomations(context),
      ...pgInsight(context),
      ...pgRollupRebuild(context),
      ...pgRegions(context, committed),
      ...pgCompactCards(context),
      ...pgViewTail(context),
      ...pgSyncPlace(context),
    },
    wallet: pgWalletStore(context, log),
    changes,
    limits: pgRateLimits(context),
    secrets: pgSecrets(context, options.secretsKey ?? null),
    async exclusively(name, work) {
      const client = await pool.connect();
      const lock = [EXCLUSIVE_LOCKS, name];
      try {
        await client.query("SELECT pg_advisory_lock($1, hashtext($2))", lock);
        try {
          return await work();
        } finally {
          await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", lock);
        }
      } finally {
        client.release();
      }
    },
    async ready() {
      try {
        const applied = await context.query<{ at: string }>(
          "migrations-applied",
          "SELECT created_at AS at FROM drizzle.__drizzle_migrations",
          [],
        );
        return migrationsReady(
          "postgresql",
          applied.map((row) => row.at),
        );
      } catch (error) {
        return { ok: false as const, reason: `database unreachable: ${(error as Error).message}` };
      }
    },
    async logEpoch() {
      const [row] = await context.query<{ value: string }>(
        "log-epoch",
        "SELECT value FROM server_state WHERE key = 'log-epoch'",
        [],
      );
      return row?.value ?? "";
    },
    async close() {
      await changes.close();
      await pool.end();
    },
  };
}
