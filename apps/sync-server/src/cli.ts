import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { NON_EMPTY_TEXT } from "@stamp/core";
import { isPassBuilderError } from "@stamp/pass-builder";
import * as v from "valibot";
import { createAdmin } from "./admin/create-admin";
import { createApiKey } from "./api-keys/api-key";
import { backupFileName } from "./backup/backup-names";
import { dataDirBackup } from "./backup/data-dir-backup";
import { restoreBackup } from "./backup/restore-backup";
import { serverUsing } from "./backup/server-pid-file";
import { type Config, ConfigError, loadConfig } from "./config";
import { createPairingCode } from "./devices/create-pairing-code";
import { createLogger, type Logger } from "./logger";
import { createMerchant } from "./merchants/create-merchant";
import { openServices } from "./open-services";
import { deviceHost, publicOrigin } from "./public-origin";
import { rotateBarcodeSecret } from "./secrets/rotate-barcode-secret";
import { startServer } from "./server";
import { startupBanner } from "./startup-banner";
import {
  MAX_ACTIVE_API_KEYS_PER_MERCHANT,
  MAX_OPEN_PAIRING_CODES_PER_LOCATION,
} from "./storage/stored-bounds";
import {
  failureErrno,
  STORAGE_FAILED_EXIT_CODE,
  storageFailureMessage,
} from "./storage-failure-exit";
import { readHostFacts } from "./tls/host-names";
import { WalletSetupError } from "./wallet/open-wallet";

/**
 * `stampd <command>`: each command prints exactly one JSON object on stdout (an answer, or
 * `{"error":{code,message}}` with a non-zero exit code); logs go to stderr. Commands other than
 * `serve` open the same DATA_DIR and may run while the server does (SQLite WAL).
 */
const USAGE = `usage: stampd <command> [options]
  serve                                              run the server (PORT, HTTPS_PORT, DATA_DIR, PUBLIC_URL, TRUST_PROXY)
  migrate                                            create or upgrade the database
  create-merchant --name NAME                        merchant + location + default program
  create-admin --email E --password P --merchant ID  admin account (or new password)
  pairing-code --location ID                         single-use device pairing code (15 min)
  api-key --merchant ID [--name NAME]                POS/API key, shown once
  rotate-card-key --merchant ID                      new card-code signing key (old ones stay valid)
  rotate-barcode-key --merchant ID                   new secret for Google cards' rotating barcodes (old one valid 7 more days)
  backup [--out FILE]                                consistent copy while the server runs (default DATA_DIR/backups/manual-<time>.db)
  restore --from FILE                                replace the database with a backup (the server must be stopped)
  migrate-to-postgres --from DATA_DIR                copy a stopped SQLite install into the empty DATABASE_URL, then verify it
  restored                                           PostgreSQL, after pg_restore (servers stopped): new log epoch, every pass re-versioned`;

class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function option(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "")
    throw new CliError("usage", `--${name} is required\n${USAGE}`, 2);
  return value.trim();
}

/** A merchant's or key's name: plain text of 1–60 characters (stamp-core SPEC V6). */
function nameOption(value: string): string {
  const parsed = v.safeParse(NON_EMPTY_TEXT(60), value);
  if (!parsed.success)
    throw new CliError("invalid-name", `--name ${parsed.issues[0]?.message ?? "is not valid"}`);
  return parsed.output;
}

async function serve(config: Config, logger: Logger): Promise<void> {
  const server = await startServer(config, logger).catch((error: unknown) => {
    // Bad wallet credentials are a configuration problem: say what to fix, no stack trace.
    if (isPassBuilderError(error)) {
      logger.fatal({ code: error.info.code }, `wallet credentials: ${error.message}`);
      throw new CliError(`wallet-${error.info.code}`, `wallet credentials: ${error.message}`);
    }
    if (error instanceof WalletSetupError) {
      logger.fatal(error.message);
      throw new CliError("wallet-credentials-unreadable", error.message);
    }
    throw error;
  });
  const banner = await startupBanner(server);
  process.stderr.write(`${banner.text}\n`);
  print(banner.summary);
  let exiting = false;
  // The log is written asynchronously: its last lines are flushed before the process ends.
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    logger.flush(() => process.exit(code));
  };
  // A failed WAL sync: the disk may have lost what was acknowledged as written. Said once, and
  // the exit code says it, whether the server stopped on its own (server.ts) or a signal was
  // stopping it when its last sync failed.
  let failure: Error | null = null;
  void server.services.storage.failed?.then((error) => {
    failure = error;
  });
  const storageFailed = (error: Error) => {
    if (exiting) return;
    logger.fatal(
      { errno: failureErrno(error), exitCode: STORAGE_FAILED_EXIT_CODE, err: error },
      storageFailureMessage(error),
    );
    exit(STORAGE_FAILED_EXIT_CODE);
  };
  void server.failed.then(storageFailed);
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "shutting down");
    server.close().then(
      () => (failure ? storageFailed(failure) : exit(0)),
      (error: unknown) => {
        if (failure) return storageFailed(failure);
        logger.fatal({ err: error }, "shutting down failed");
        exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

async function command(name: string | undefined, args: string[]): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(name === "serve" ? config.logLevel : "warn");
  if (name === "serve") return serve(config, logger);
  const { values } = parseArgs({
    args,
    options: {
      name: { type: "string" },
      email: { type: "string" },
      password: { type: "string" },
      merchant: { type: "string" },
      location: { type: "string" },
      out: { type: "string" },
      from: { type: "string" },
    },
    strict: true,
  });
  // Before the database is opened: restore replaces it.
  if (name === "restore") {
    if (config.databaseUrl) throw new CliError("restore-unsupported", PG_BACKUPS);
    return restore(config, resolve(option(values, "from")));
  }
  if (name === "migrate-to-postgres") return migrateFrom(config, resolve(option(values, "from")));
  if (name === "restored") {
    if (!config.databaseUrl)
      throw new CliError(
        "restored-unsupported",
        "SQLite is restored with stampd restore --from FILE",
      );
    const { adoptRestoredPostgres } = await import("./storage/pg/restored-database");
    return print({
      ok: true,
      ...(await adoptRestoredPostgres(config.databaseUrl, {
        epoch: randomBytes(6).toString("hex"),
        now: Date.now(),
      })),
    });
  }
  // The links a running server would print (an HTTPS_PORT of 0 is only known to that server).
  const publicUrl = publicOrigin(
    config,
    { http: config.port, https: config.httpsPort || null },
    await deviceHost(config, readHostFacts()),
  );
  const services = await openServices(config, logger, publicUrl);
  try {
    switch (name) {
      case "migrate":
        return print({
          ok: true,
          database: config.databaseUrl ? "postgresql" : "sqlite",
          dataDir: config.dataDir,
        });
      case "create-merchant": {
        const merchant = await createMerchant(services, nameOption(option(values, "name")));
        return print({ ...merchant, joinUrl: `${publicUrl}/join/${merchant.programSlug}` });
      }
      case "create-admin": {
        const email = option(values, "email");
        const merchantId = option(values, "merchant");
        const created = await createAdmin(services, {
          email,
          password: option(values, "password"),
          merchantId,
        });
        if (!created.ok) throw new CliError(created.reason, ADMIN_ERRORS[created.reason]);
        return print({
          userId: created.userId,
          email: email.toLowerCase(),
          merchantId,
          created: created.created,
        });
      }
      case "pairing-code": {
        const location = await services.store.findLocation(option(values, "location"));
        if (!location) throw new CliError("unknown-location", "no location with that id");
        const created = await createPairingCode(services, {
          merchantId: location.merchantId,
          locationId: location.id,
        });
        if (!created.ok)
          throw new CliError(
            created.reason,
            `${MAX_OPEN_PAIRING_CODES_PER_LOCATION} pairing codes are waiting at this location: use one, or wait until they expire (15 minutes)`,
          );
        return print({ code: created.code, expiresAt: new Date(created.expiresAt).toISOString() });
      }
      case "api-key": {
        const merchantId = option(values, "merchant");
        if (!(await services.store.getMerchant(merchantId)))
          throw new CliError("unknown-merchant", "no merchant with that id");
        const key = await createApiKey(
          services,
          merchantId,
          values.name === undefined ? "CLI" : nameOption(String(values.name)),
        );
        if (!key.ok)
          throw new CliError(
            key.reason,
            `the merchant has ${MAX_ACTIVE_API_KEYS_PER_MERCHANT} active API keys: revoke one it no longer uses first`,
          );
        return print({ key: key.key, id: key.id });
      }
      case "rotate-card-key": {
        const merchantId = option(values, "merchant");
        if (!(await services.store.getMerchant(merchantId)))
          throw new CliError("unknown-merchant", "no merchant with that id");
        return print({ kid: await services.cardKeys.rotate(merchantId, new Date()) });
      }
      case "rotate-barcode-key": {
        const merchantId = option(values, "merchant");
        if (!(await services.store.getMerchant(merchantId)))
          throw new CliError("unknown-merchant", "no merchant with that id");
        const kid = await rotateBarcodeSecret(
          services.rotatingKeys,
          services.storage.wallet,
          merchantId,
          Date.now(),
        );
        return print({ kid });
      }
      case "backup": {
        const backup = dataDirBackup(services.storage, config.dataDir, "at-once");
        if (!backup) throw new CliError("backup-unsupported", PG_BACKUPS);
        const out =
          typeof values.out === "string" && values.out.trim() !== ""
            ? resolve(values.out.trim())
            : join(config.dataDir, "backups", backupFileName("manual", Date.now()));
        const database = join(config.dataDir, "stamp.db");
        if (["", "-wal", "-shm", "-journal"].some((suffix) => out === `${database}${suffix}`))
          throw new CliError(
            "backup-over-database",
            `--out ${out} would replace the live database: name another file`,
          );
        return print(await backup(out));
      }
      default:
        throw new CliError("usage", USAGE, 2);
    }
  } finally {
    await services.storage.close();
  }
}

async function restore(config: Config, from: string): Promise<void> {
  const restored = await restoreBackup(config.dataDir, from, {
    now: Date.now(),
    epoch: randomBytes(6).toString("hex"),
  });
  if (!restored.ok) throw new CliError(restored.code, restored.message);
  print(restored);
}

async function migrateFrom(config: Config, from: string): Promise<void> {
  if (!config.databaseUrl)
    throw new CliError(
      "database-url-required",
      "set DATABASE_URL to the PostgreSQL database to fill",
    );
  const file = join(from, "stamp.db");
  if (!existsSync(file)) throw new CliError("no-database", `${from} holds no stamp.db`);
  if (serverUsing(from) !== null)
    throw new CliError("server-running", `a server is using ${from}: stop it first`);
  const { migrateToPostgres, MigrationError } = await import("./storage/migrate-to-postgres");
  try {
    // loadConfig refuses DATABASE_URL without SECRETS_KEY.
    const secretsKey = config.secretsKey as Uint8Array;
    print(await migrateToPostgres(file, config.databaseUrl, secretsKey, Date.now));
  } catch (error) {
    if (error instanceof MigrationError) throw new CliError(error.code, error.message);
    throw error;
  }
}

const PG_BACKUPS =
  "PostgreSQL is backed up and restored by its own tools (pg_dump, pg_restore, then stampd restored; see the README)";

const ADMIN_ERRORS = {
  "unknown-merchant": "no merchant with that id",
  "weak-password": "the password must be at least 10 characters",
  "other-merchant": "that e-mail belongs to an admin of another merchant",
} as const;

const [name, ...rest] = process.argv.slice(2);
try {
  await command(name, rest);
} catch (error) {
  const known = error instanceof CliError;
  const message = error instanceof Error ? error.message : String(error);
  const code = known ? error.code : error instanceof ConfigError ? "config" : "failed";
  print({ error: { code, message } });
  if (code === "failed")
    process.stderr.write(`${error instanceof Error ? error.stack : message}\n`);
  else process.stderr.write(`stampd: ${message}\n`);
  process.exitCode = known ? error.exitCode : 1;
}
