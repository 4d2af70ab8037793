import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { createApp } from "./app";
import { AutomationTreats } from "./automations/automation-treats";
import { DailyBackups, newestBackupAt } from "./backup/daily-backups";
import { dataDirBackup } from "./backup/data-dir-backup";
import { claimDataDir } from "./backup/server-pid-file";
import { CampaignMailer } from "./campaigns/campaign-mailer";
import { CampaignSender } from "./campaigns/campaign-sender";
import type { Config } from "./config";
import { sweepExpiries } from "./expiry/expiry-sweep";
import { FRAUD_ROUND_MS, FraudWatch } from "./fraud/fraud-watch";
import { Housekeeping } from "./housekeeping";
import { closeServer, listening } from "./http/listener";
import { RollupRebuild } from "./insight/rollup-rebuild";
import type { Logger } from "./logger";
import { openMailer } from "./mail/mailer";
import { UnsubscribeTokens } from "./mail/unsubscribe-tokens";
import { ServerMetrics } from "./metrics/server-metrics";
import { openServices } from "./open-services";
import { boundAddress, deviceHost, plainOrigin, publicOrigin } from "./public-origin";
import { type DemoSeed, seedDemo } from "./seed";
import type { AppServices, RateLimits } from "./services";
import { CHECKPOINT_FRAMES } from "./storage/sqlite/open-database";
import type { SyncWal } from "./storage/sqlite/wal-sync";
import type { Storage } from "./storage/storage";
import type { PullWaitLimits } from "./sync/pull-waits";
import { type HostFacts, readHostFacts } from "./tls/host-names";
import { type LanHttps, startLanHttps } from "./tls/lan-https";
import { passCodes } from "./vouchers/scan-code";
import type { WaitTimers } from "./wait-timers";
import { openWallet } from "./wallet/open-wallet";
import { PushWorker } from "./wallet/push-worker";
import { WebhookSender } from "./webhooks/webhook-sender";

/** How long answers under way at shutdown get to be written. */
const SHUTDOWN_GRACE_MS = 2_000;
/**
 * The outboxes' rounds (`RoundsPace`): busy while they find work, idle otherwise. What this
 * instance enqueues wakes them (every instance's appends, on PostgreSQL through the notifications
 * the held pulls hear); the idle round finds what nothing announced, such as a crashed instance's
 * lease run out. Webhooks: the first retry (5 s) is this instance's own wake.
 */
const WEBHOOK_PACE = { busyMs: 1_000, idleMs: 15_000 };
const CAMPAIGN_MAIL_PACE = { busyMs: 2_000, idleMs: 30_000 };
/** The busy pace is the unit of a campaign's fan-out (CAMPAIGN_CARDS_PER_SECOND). */
const CAMPAIGN_PACE = { busyMs: 250, idleMs: 5_000 };

export interface RunningServer {
  /** Where this process can reach itself over plain HTTP (loopback when listening everywhere). */
  readonly url: string;
  readonly port: number;
  /** The local-CA HTTPS listener, when there is one. */
  readonly lan: LanHttps | null;
  /** `/setup` over plain HTTP at the device host: what a tablet opens first. */
  readonly setupUrl: string;
  readonly services: AppServices & { storage: Storage };
  /** Set on the first start of an empty data directory. */
  readonly seed: DemoSeed | null;
  /** The dashboard's rollup rebuilt after an upgrade, in the background while the server serves. */
  readonly rollups: RollupRebuild;
  /**
   * Resolves with the storage's failure (a failed WAL sync: writes can no longer be made durable)
   * once the server, on its own, has stopped taking requests and closed what it could; the
   * process must then exit (`cli.ts`, `storage-failure-exit.ts`). Never settles otherwise.
   */
  readonly failed: Promise<Error>;
  /** Stops the server; closing again, or while it stops after a failure, waits for that close. */
  close(): Promise<void>;
}

export interface ServerEnvironment {
  readonly limits?: RateLimits;
  /** The machine's name and addresses (tests hand in their own). */
  readonly hostFacts?: () => HostFacts;
  /** The server's clock for what it records and judges (tests drive their own). */
  readonly now?: () => number;
  /** How many pulls it holds at once (the long-poll); tests of the bounds pass small ones. */
  readonly pullWaitLimits?: PullWaitLimits;
  /** The clock and timers held pulls and streams wait on (tests drive their own). */
  readonly waitTimers?: WaitTimers;
  /** Awaited before each step of a rollup rebuild: tests hold the rebuild with it. */
  readonly beforeRollupStep?: (merchantId: string) => Promise<void>;
  /** How SQLite's WAL is synced (`wal-sync.ts`): tests hold syncs back or fail them. */
  readonly syncWal?: SyncWal;
  /** WAL frames past which SQLite checkpoints in a worker (`CHECKPOINT_FRAMES`); tests take few. */
  readonly checkpointFrames?: number;
}

/**
 * Listens (plain HTTP, and the local-CA HTTPS unless PUBLIC_URL is https), then opens DATA_DIR
 * and seeds it on first start. Listening comes first because with PORT=0 / HTTPS_PORT=0 the
 * public URL (used in links) is only known once the ports are; until the data is open, requests
 * get 503.
 */
export async function startServer(
  config: Config,
  logger: Logger,
  environment: ServerEnvironment = {},
): Promise<RunningServer> {
  const facts = environment.hostFacts ?? readHostFacts;
  let app: Hono | null = null;
  const fetch = (request: Request, env: unknown) =>
    app
      ? app.fetch(request, env)
      : new Response("starting", {
          status: 503,
          headers: { "retry-after": "1", "x-content-type-options": "nosniff" },
        });
  const server = await listening(
    serve({ fetch, port: config.port, hostname: config.host }) as Server,
    "PORT",
    config.port,
  );
  const port = (server.address() as AddressInfo).port;
  const bound = boundAddress(config.host);
  const self = bound ?? "127.0.0.1";
  let lan: LanHttps | null = null;
  const releaseDataDir = claimDataDir(config.dataDir);
  let storage: Storage | null = null;
  try {
    const host = await deviceHost(config, facts());
    if (config.httpsPort !== null)
      lan = await startLanHttps({
        dataDir: config.dataDir,
        port: config.httpsPort,
        host: config.host,
        extraNames: bound ? [host, bound] : [host],
        fetch,
        logger,
        now: environment.now ?? Date.now,
        hostFacts: facts,
      });
    const publicUrl = publicOrigin(config, { http: port, https: lan?.port ?? null }, host);
    const setupUrl = lan ? `${plainOrigin(host, port)}/setup` : `${publicUrl}/setup`;
    const services = await openServices(config, logger, publicUrl, {
      limits: environment.limits,
      now: environment.now,
      pullWaitLimits: environment.pullWaitLimits,
      waitTimers: environment.waitTimers,
      syncWal: environment.syncWal,
      checkpointFrames: environment.checkpointFrames ?? CHECKPOINT_FRAMES,
    });
    storage = services.storage;
    // Instances starting together on an empty database: one seeds, the others find it seeded.
    const seed = await services.storage.exclusively("seed", () => seedDemo(services));
    const wallet = await openWallet(
      config.wallet,
      config.dataDir,
      services.publicUrl,
      services.now,
      passCodes(services),
      services.storage.wallet,
      services.storage.store,
    );
    const backup = dataDirBackup(services.storage, config.dataDir, "in-steps");
    const backups =
      config.backupDays > 0 && backup
        ? new DailyBackups({
            dir: join(config.dataDir, "backups"),
            keep: config.backupDays,
            backup,
            now: services.now,
            logger,
          })
        : null;
    const metrics = new ServerMetrics({
      devices: (syncedSince) => services.store.countDevices(syncedSince),
      pushJobs: () => services.storage.wallet.countPushJobs(),
      // Daily, manual and before-restore backups alike; none where the database backs itself up.
      newestBackupAt: () => (backup ? newestBackupAt(join(config.dataDir, "backups")) : null),
      now: services.now,
    });
    const housekeeping = new Housekeeping({
      chores: [
        {
          name: "idempotency keys",
          run: () => services.store.purgeIdempotencyKeys(services.now()),
        },
        { name: "expiry", run: () => sweepExpiries(services) },
        {
          name: "rate-limit buckets",
          run: () => services.storage.limits.forgetFullBuckets(services.now()),
        },
      ],
      logger,
    });
    const mailer = openMailer(config.smtpUrl, config.mailFrom, logger);
    const pushes = new PushWorker(wallet, logger, services.now);
    const webhooks = new WebhookSender({
      store: services.store,
      mailer,
      publicUrl: services.publicUrl,
      now: services.now,
      logger,
      allowPrivateTargets: config.webhookAllowPrivateTargets,
      pace: WEBHOOK_PACE,
    });
    const campaigns = new CampaignSender({
      store: services.store,
      now: services.now,
      logger,
      pace: CAMPAIGN_PACE,
      cardsPerSecond: config.wallet.push.campaignCardsPerSecond,
      treats: new AutomationTreats(services),
      reached: () => {
        pushes.wake();
        campaignMail.wake();
      },
    });
    const unsubscribes = await UnsubscribeTokens.open(services.storage.secrets);
    const campaignMail = new CampaignMailer({
      store: services.store,
      mailer,
      tokens: unsubscribes,
      bounceAddress: config.mailBounceAddress,
      publicUrl: services.publicUrl,
      now: services.now,
      logger,
      pace: CAMPAIGN_MAIL_PACE,
    });
    const fraudWatch = new FraudWatch({
      store: services.store,
      storage: services.storage,
      mailer,
      publicUrl: services.publicUrl,
      now: services.now,
      logger,
      intervalMs: FRAUD_ROUND_MS,
    });
    const withWallet = {
      ...services,
      fraudWatch,
      housekeeping,
      webhooks,
      campaigns,
      campaignMail,
      unsubscribes,
      mailBounceAddress: config.mailBounceAddress,
      webhookAllowPrivateTargets: config.webhookAllowPrivateTargets,
      mailer,
      wallet,
      lan,
      httpPort: port,
      backups,
      metrics,
      metricsToken: config.metricsToken,
    };
    const rollups = new RollupRebuild({
      store: services.store,
      now: services.now,
      logger,
      ...(environment.beforeRollupStep ? { beforeStep: environment.beforeRollupStep } : {}),
    });
    pushes.start();
    // Every commit of a merchant's log (this instance's or, on PostgreSQL, another's) may have
    // enqueued pass updates: an append's, with webhook deliveries, or an edit's (`passesChangedOf`).
    const stopWakingOnCommits = services.storage.changes.subscribe(() => {
      pushes.wake();
      webhooks.wake();
    });
    backups?.start();
    housekeeping.start();
    webhooks.start();
    campaigns.start();
    campaignMail.start();
    fraudWatch.start();
    app = createApp(withWallet);
    // After the app serves: a merchant's figures are rebuilt while tills sync and pages answer.
    rollups.start();
    const running = lan;
    const stop = async () => {
      // Held pulls answer first (tills hear "nothing new" and ask again elsewhere), and their
      // answers get a moment to be written before connections are cut.
      await services.pullWaits.close();
      services.scopeTail.close();
      stopWakingOnCommits();
      await Promise.all([
        closeServer(server, SHUTDOWN_GRACE_MS),
        running?.close(SHUTDOWN_GRACE_MS),
      ]);
      await Promise.all([
        rollups.stop(),
        pushes.stop(),
        backups?.stop(),
        housekeeping.stop(),
        webhooks.stop(),
        campaigns.stop(),
        campaignMail.stop(),
        fraudWatch.stop(),
      ]);
      await wallet.close();
      mailer.close();
      try {
        await services.storage.close();
      } finally {
        releaseDataDir();
      }
    };
    let closing: Promise<void> | null = null;
    const close = () => {
      closing ??= stop();
      return closing;
    };
    // Nothing can be promised after a failed sync: the waiting answers have failed (tills keep
    // their events and send them again), no request is taken any more, and the restart recovers.
    const failed = (services.storage.failed ?? new Promise<Error>(() => {})).then(
      async (failure) => {
        closing = close().catch((error: unknown) => {
          // The storage's close says it once more (its last sync cannot be made either): that
          // is `failed`'s to say, and closing again just waits.
          if (error !== failure) logger.error({ err: error }, "closing after a failed WAL sync");
        });
        await closing;
        return failure;
      },
    );
    return {
      url: plainOrigin(self, port),
      port,
      lan,
      setupUrl,
      services: withWallet,
      seed,
      rollups,
      failed,
      close,
    };
  } catch (error) {
    await Promise.all([closeServer(server), lan?.close(), storage?.close()]);
    releaseDataDir();
    throw error;
  }
}
