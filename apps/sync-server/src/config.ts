import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_MAX_DEVICE_AHEAD_MS } from "@stamp/core";
import { DEFAULT_PIN_HASH_COST, PIN_HASH_COSTS } from "@stamp/wire-protocol";
import { DEFAULT_PASSWORD_HASH_COST, PASSWORD_HASH_COSTS } from "./admin/password";
import { defaultBindAddress } from "./bind-address";
import { ProxyTrust } from "./http/proxy-trust";
import { EMAIL_ADDRESS } from "./mail/email-address";
import { PACKAGE_ROOT } from "./package-root";
import { loadWalletConfig, type WalletConfig } from "./wallet/wallet-config";

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /**
   * DATABASE_URL: a PostgreSQL database (several instances may share it); null: SQLite in
   * DATA_DIR/stamp.db.
   */
  readonly databaseUrl: string | null;
  /**
   * SECRETS_KEY (32 bytes): seals the signing keys kept in PostgreSQL, required with DATABASE_URL;
   * null on SQLite (its keys are files in DATA_DIR/secrets).
   */
  readonly secretsKey: Uint8Array | null;
  /**
   * DATABASE_POOL_SIZE: PostgreSQL connections each instance keeps at most (DEFAULT_DATABASE_POOL_SIZE
   * by default); unused on SQLite.
   */
  readonly databasePoolSize: number;
  /** Where people reach the server; null: the server's own HTTPS address (or http://localhost:<port>). */
  readonly publicUrl: string | null;
  /**
   * The local-CA HTTPS listener for tablets on the shop's network; null when PUBLIC_URL is https
   * (a proxy in front holds the certificate) or HTTPS_PORT=off.
   */
  readonly httpsPort: number | null;
  /** Proxies whose X-Forwarded-* headers are believed; null: none (the headers are ignored). */
  readonly trustProxy: ProxyTrust | null;
  /** The built kiosk PWA served at /app/. */
  readonly kioskDist: string;
  readonly logLevel: string;
  /** Daily backups kept in DATA_DIR/backups (BACKUP_DAYS); 0: the server makes none. */
  readonly backupDays: number;
  /** Bearer token for GET /metrics from anywhere (METRICS_TOKEN); null: loopback only. */
  readonly metricsToken: string | null;
  /** SMTP_URL: where e-mail goes (nodemailer URL); null: messages are logged instead. */
  readonly smtpUrl: string | null;
  /** MAIL_FROM: the sender of the server's e-mail. */
  readonly mailFrom: string;
  /**
   * MAIL_BOUNCE_ADDRESS: where late bounces of campaign e-mail go, e.g. bounces@stamp.example —
   * each e-mail's return path is bounces+<tag>@stamp.example (VERP); null: the SMTP server's own.
   */
  readonly mailBounceAddress: string | null;
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS=1: webhooks may reach loopback and private networks. */
  readonly webhookAllowPrivateTargets: boolean;
  /** How far ahead of the server's clock a device's event may be dated (stamp-core SPEC H5). */
  readonly maxClockDriftMs: number;
  /** PASSWORD_HASH_COST: log2 of scrypt's N for new admin password hashes (15 by default). */
  readonly passwordHashCost: number;
  /** PIN_HASH_COST: log2 of scrypt's N for new staff PIN verifiers (14 by default). */
  readonly pinHashCost: number;
  /**
   * MAX_STREAM_SECONDS: how long the server streams an idle till's held pull (the held stream,
   * wire protocol `pull-stream.ts`; 300 by default); 0: it never streams (tills long-poll).
   */
  readonly maxStreamSeconds: number;
  readonly wallet: WalletConfig;
}

/** A setting that cannot work: the operator fixes the environment (no stack trace needed). */
export class ConfigError extends Error {}

const KIOSK_DIST = fileURLToPath(new URL("../kiosk/dist", PACKAGE_ROOT));

const given = (value: string | undefined): string | null =>
  value === undefined || value.trim() === "" ? null : value.trim();

/** `value` as a whole number from `min` to `max`, else the setting's `refusal` (what it must be). */
function wholeNumber(value: string, min: number, max: number, refusal: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${refusal}, got ${value}`);
  return n;
}

function port(name: string, value: string | null, fallback: number): number {
  if (value === null) return fallback;
  return wholeNumber(value, 0, 65535, `${name} must be 0–65535`);
}

function backupDays(value: string | null): number {
  if (value === null) return 14;
  return wholeNumber(value, 0, 3650, `BACKUP_DAYS must be a whole number of days 0–3650 (0: none)`);
}

function metricsToken(value: string | null): string | null {
  if (value !== null && value.length < 16)
    throw new ConfigError("METRICS_TOKEN must be at least 16 characters (it guards /metrics)");
  return value;
}

function smtpUrl(value: string | null): string | null {
  if (value === null) return null;
  if (!/^smtps?:\/\/[^\s]+$/.test(value))
    throw new ConfigError("SMTP_URL must look like smtp://user:password@host:587 or smtps://…:465");
  return value;
}

function bounceAddress(value: string | null): string | null {
  if (value === null) return null;
  if (!EMAIL_ADDRESS.test(value) || value.includes("+") || (value.split("@")[0] ?? "").length > 14)
    throw new ConfigError(
      "MAIL_BOUNCE_ADDRESS must be a plain address with a short local part (≤ 14 characters, no +), e.g. bounces@stamp.example",
    );
  return value;
}

function flag(name: string, value: string | null): boolean {
  if (value === null || value === "0") return false;
  if (value === "1") return true;
  throw new ConfigError(`${name} must be 1 or 0, got ${value}`);
}

const MINUTE_S = 60;
const MONTH_S = 30 * 24 * 3600;

/** Seconds from a minute (the server clock's own bound) to 30 days; a day by default. */
function clockDrift(value: string | null): number {
  if (value === null) return DEFAULT_MAX_DEVICE_AHEAD_MS;
  return (
    wholeNumber(
      value,
      MINUTE_S,
      MONTH_S,
      `MAX_CLOCK_DRIFT_SECONDS must be ${MINUTE_S}–${MONTH_S}`,
    ) * 1000
  );
}

function passwordHashCost(value: string | null): number {
  if (value === null) return DEFAULT_PASSWORD_HASH_COST;
  const { min, max } = PASSWORD_HASH_COSTS;
  return wholeNumber(value, min, max, `PASSWORD_HASH_COST must be ${min}–${max}`);
}

function pinHashCost(value: string | null): number {
  if (value === null) return DEFAULT_PIN_HASH_COST;
  const { min, max } = PIN_HASH_COSTS;
  return wholeNumber(value, min, max, `PIN_HASH_COST must be ${min}–${max}`);
}

/** The held stream's default length: a till's one request for five minutes of wakes. */
export const DEFAULT_MAX_STREAM_SECONDS = 300;
const MAX_STREAM_HOUR_S = 3600;

/** Whole seconds 0 (never stream) to an hour; DEFAULT_MAX_STREAM_SECONDS by default. */
function maxStreamSeconds(value: string | null): number {
  if (value === null) return DEFAULT_MAX_STREAM_SECONDS;
  return wholeNumber(
    value,
    0,
    MAX_STREAM_HOUR_S,
    `MAX_STREAM_SECONDS must be a whole number of seconds 0–${MAX_STREAM_HOUR_S} (0: never stream)`,
  );
}

function publicUrl(value: string | null): string | null {
  if (value === null) return null;
  const url = URL.canParse(value) ? new URL(value) : null;
  if (url?.protocol !== "http:" && url?.protocol !== "https:")
    throw new ConfigError(`PUBLIC_URL must be an http(s) URL, got ${value}`);
  return url.href.replace(/\/$/, "");
}

function databaseUrl(value: string | null): string | null {
  if (value === null) return null;
  const url = URL.canParse(value) ? new URL(value) : null;
  if (url?.protocol !== "postgres:" && url?.protocol !== "postgresql:")
    throw new ConfigError(
      "DATABASE_URL must be a postgres://user:password@host:port/database URL (unset: SQLite in DATA_DIR)",
    );
  return value;
}

/**
 * An instance's PostgreSQL connections. A connection is held from its statement's sending until
 * the event loop has read its answer (a transaction: across its round trips and the planning
 * between them), so under load most of its hold is the server's own turn, not the database's
 * work: 1,000 busy tills of one merchant kept the 10 connections busy with their backends idle,
 * the pages in the pull gate's slots (PULL_SLOTS, 16) waited for one, then rounds for a slot
 * (issue 13). 20 halved those waits in the bench's all-busy steps but cost PostgreSQL a quarter to
 * a half more CPU per round in every pair (more transactions at once on one merchant's rows), and
 * the rounds' seconds at the 4,000 ms pause lie outside the server's handler: 10 stays.
 */
export const DEFAULT_DATABASE_POOL_SIZE = 10;
const MAX_DATABASE_POOL_SIZE = 500;

/** Whole connections, 1 to MAX_DATABASE_POOL_SIZE; DEFAULT_DATABASE_POOL_SIZE by default. */
function databasePoolSize(value: string | null): number {
  if (value === null) return DEFAULT_DATABASE_POOL_SIZE;
  return wholeNumber(
    value,
    1,
    MAX_DATABASE_POOL_SIZE,
    `DATABASE_POOL_SIZE must be a whole number of connections 1–${MAX_DATABASE_POOL_SIZE}`,
  );
}

/** How an operator makes a SECRETS_KEY (said wherever one is missing or malformed). */
export const MAKE_SECRETS_KEY =
  "make one with `openssl rand -base64 32` (or `node -e \"console.log(crypto.randomBytes(32).toString('base64'))\"`) and give every instance the same value";

/** SECRETS_KEY: 32 random bytes in base64 (or base64url). */
function secretsKey(value: string | null, databaseUrl: string | null): Uint8Array | null {
  const key =
    value !== null && /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) ? Buffer.from(value, "base64") : null;
  if (value !== null && key?.length !== 32)
    throw new ConfigError(
      `SECRETS_KEY must be 32 random bytes in base64 (44 characters): ${MAKE_SECRETS_KEY}`,
    );
  if (databaseUrl !== null && key === null)
    throw new ConfigError(
      `SECRETS_KEY is required with DATABASE_URL: the instances keep their signing keys (device tokens, card codes) in the database, sealed with it; ${MAKE_SECRETS_KEY}, and keep a copy apart from the database's backups.`,
    );
  return key ? new Uint8Array(key) : null;
}

function httpsPort(value: string | null, publicUrl: string | null): number | null {
  if (publicUrl?.startsWith("https:") || value === "off") return null;
  return port("HTTPS_PORT", value, 8443);
}

function trustProxy(value: string | null): ProxyTrust | null {
  if (value === null) return null;
  try {
    return new ProxyTrust(value.split(",").map((entry) => entry.trim()));
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

/** Configuration from the environment, with the defaults `npm start` relies on. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const url = publicUrl(given(env.PUBLIC_URL));
  const database = databaseUrl(given(env.DATABASE_URL));
  return {
    port: port("PORT", given(env.PORT), 8787),
    host: given(env.HOST) ?? defaultBindAddress(url),
    dataDir: resolve(given(env.DATA_DIR) ?? "./data"),
    databaseUrl: database,
    secretsKey: secretsKey(given(env.SECRETS_KEY), database),
    databasePoolSize: databasePoolSize(given(env.DATABASE_POOL_SIZE)),
    publicUrl: url,
    httpsPort: httpsPort(given(env.HTTPS_PORT), url),
    trustProxy: trustProxy(given(env.TRUST_PROXY)),
    kioskDist: resolve(given(env.KIOSK_DIST) ?? KIOSK_DIST),
    logLevel: given(env.LOG_LEVEL) ?? "info",
    backupDays: backupDays(given(env.BACKUP_DAYS)),
    metricsToken: metricsToken(given(env.METRICS_TOKEN)),
    smtpUrl: smtpUrl(given(env.SMTP_URL)),
    mailFrom: given(env.MAIL_FROM) ?? "Stamp <stamp@localhost>",
    mailBounceAddress: bounceAddress(given(env.MAIL_BOUNCE_ADDRESS)),
    webhookAllowPrivateTargets: flag(
      "WEBHOOK_ALLOW_PRIVATE_TARGETS",
      given(env.WEBHOOK_ALLOW_PRIVATE_TARGETS),
    ),
    maxClockDriftMs: clockDrift(given(env.MAX_CLOCK_DRIFT_SECONDS)),
    passwordHashCost: passwordHashCost(given(env.PASSWORD_HASH_COST)),
    pinHashCost: pinHashCost(given(env.PIN_HASH_COST)),
    maxStreamSeconds: maxStreamSeconds(given(env.MAX_STREAM_SECONDS)),
    wallet: loadWalletConfig(env),
  };
}
