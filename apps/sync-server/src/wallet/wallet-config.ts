/** Wallet settings from the environment (documented in the server README). */
export interface WalletConfig {
  readonly passTypeId: string;
  readonly teamId: string;
  /** Real Apple signing material; null: development credentials in DATA_DIR/certs. */
  readonly apple: AppleCredentialFiles | null;
  readonly googleIssuerId: string;
  /** A service-account JSON key file; null: the development one in DATA_DIR/certs. */
  readonly googleServiceAccountFile: string | null;
  /** Google Wallet REST API; null: save links carry the full objects and no REST call is made. */
  readonly googleApi: { readonly baseUrl: string; readonly tokenUrl: string | null } | null;
  readonly apnsUrl: string;
  /** APNS_CA_PEM: a CA file to trust for APNs besides the system's (a local APNs fake's). */
  readonly apnsCaPem: string | null;
  /** Null: pushes are off (no APNs auth configured). */
  readonly apns: ApnsAuthFiles | null;
  readonly push: PushSettings;
}

export interface PushSettings {
  /** How often a server process looks for due push jobs. */
  readonly intervalMs: number;
  /** First retry delay; doubled per attempt (capped at an hour). */
  readonly retryBaseMs: number;
  /** Attempts before a job is recorded as failed (until the card changes again). */
  readonly maxAttempts: number;
  /**
   * CAMPAIGN_CARDS_PER_SECOND: how fast a campaign's fan-out adds cards to the push outbox, so a
   * big campaign neither floods APNs nor holds the database from the tills. A step of 500 cards
   * is one indexed page, one insert and one pass-version update (a few ms), so the default 10,000
   * holds the writer for a small part of each second and fans 100,000 cards out in 10 s.
   */
  readonly campaignCardsPerSecond: number;
}

export interface AppleCredentialFiles {
  readonly wwdrPem: string;
  readonly signerCertPem: string;
  readonly signerKeyPem: string;
  readonly passphrase: string | null;
}

export type ApnsAuthFiles =
  | { readonly kind: "token"; readonly keyPem: string; readonly keyId: string }
  | { readonly kind: "certificate"; readonly certPem: string; readonly keyPem: string };

/** A made-up issuer id: development save links are signed but Google does not know them. */
export const DEV_GOOGLE_ISSUER_ID = "3388000000022000000";

const set = (value: string | undefined): string | null =>
  value === undefined || value.trim() === "" ? null : value.trim();

function httpUrl(name: string, value: string): string {
  const url = new URL(value);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new Error(`${name} must be http(s), got ${value}`);
  return url.href.replace(/\/$/, "");
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  const given = set(value);
  if (given === null) return fallback;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive integer, got ${given}`);
  return n;
}

function appleFiles(env: NodeJS.ProcessEnv): AppleCredentialFiles | null {
  const wwdrPem = set(env.APPLE_WWDR_PEM);
  const signerCertPem = set(env.APPLE_SIGNER_CERT_PEM);
  const signerKeyPem = set(env.APPLE_SIGNER_KEY_PEM);
  const given = [wwdrPem, signerCertPem, signerKeyPem].filter((v) => v !== null).length;
  if (given === 0) return null;
  if (wwdrPem === null || signerCertPem === null || signerKeyPem === null)
    throw new Error(
      "APPLE_WWDR_PEM, APPLE_SIGNER_CERT_PEM and APPLE_SIGNER_KEY_PEM go together: set all three or none",
    );
  return { wwdrPem, signerCertPem, signerKeyPem, passphrase: set(env.APPLE_SIGNER_KEY_PASSPHRASE) };
}

function apnsFiles(env: NodeJS.ProcessEnv): ApnsAuthFiles | null {
  const keyPem = set(env.APNS_KEY_PEM);
  const keyId = set(env.APNS_KEY_ID);
  const certPem = set(env.APNS_CERT_PEM);
  const certKeyPem = set(env.APNS_CERT_KEY_PEM);
  if (keyPem !== null || keyId !== null) {
    if (keyPem === null || keyId === null)
      throw new Error("APNS_KEY_PEM and APNS_KEY_ID go together (token auth)");
    return { kind: "token", keyPem, keyId };
  }
  if (certPem !== null || certKeyPem !== null) {
    if (certPem === null || certKeyPem === null)
      throw new Error("APNS_CERT_PEM and APNS_CERT_KEY_PEM go together (certificate auth)");
    return { kind: "certificate", certPem, keyPem: certKeyPem };
  }
  return null;
}

export function loadWalletConfig(env: NodeJS.ProcessEnv): WalletConfig {
  const googleApiUrl = set(env.GOOGLE_WALLET_API_URL);
  const googleTokenUrl = set(env.GOOGLE_OAUTH_TOKEN_URL);
  const googleIssuerId = set(env.GOOGLE_ISSUER_ID) ?? DEV_GOOGLE_ISSUER_ID;
  if (!/^\d+$/.test(googleIssuerId))
    throw new Error(`GOOGLE_ISSUER_ID must be digits, got ${googleIssuerId}`);
  return {
    passTypeId: set(env.PASS_TYPE_ID) ?? "pass.dev.stamp.loyalty",
    teamId: set(env.APPLE_TEAM_ID) ?? "DEVTEAM123",
    apple: appleFiles(env),
    googleIssuerId,
    googleServiceAccountFile: set(env.GOOGLE_SERVICE_ACCOUNT_JSON),
    googleApi:
      googleApiUrl === null
        ? null
        : {
            baseUrl: httpUrl("GOOGLE_WALLET_API_URL", googleApiUrl),
            tokenUrl:
              googleTokenUrl === null ? null : httpUrl("GOOGLE_OAUTH_TOKEN_URL", googleTokenUrl),
          },
    apnsUrl: httpUrl("APNS_URL", set(env.APNS_URL) ?? "https://api.push.apple.com"),
    apnsCaPem: set(env.APNS_CA_PEM),
    apns: apnsFiles(env),
    push: {
      intervalMs: positiveInt("WALLET_PUSH_INTERVAL_MS", env.WALLET_PUSH_INTERVAL_MS, 1000),
      retryBaseMs: positiveInt("WALLET_PUSH_RETRY_BASE_MS", env.WALLET_PUSH_RETRY_BASE_MS, 5000),
      maxAttempts: positiveInt("WALLET_PUSH_MAX_ATTEMPTS", env.WALLET_PUSH_MAX_ATTEMPTS, 8),
      campaignCardsPerSecond: positiveInt(
        "CAMPAIGN_CARDS_PER_SECOND",
        env.CAMPAIGN_CARDS_PER_SECOND,
        10_000,
      ),
    },
  };
}
