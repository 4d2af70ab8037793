import type { PasswordHasher } from "./admin/password";
import type { DailyBackups } from "./backup/daily-backups";
import type { CampaignMailer } from "./campaigns/campaign-mailer";
import type { CampaignSender } from "./campaigns/campaign-sender";
import type { FraudWatch } from "./fraud/fraud-watch";
import type { Housekeeping } from "./housekeeping";
import type { ProxyTrust } from "./http/proxy-trust";
import type { RateLimiter } from "./http/rate-limiter";
import type { Logger } from "./logger";
import type { Mailer } from "./mail/mailer";
import type { UnsubscribeTokens } from "./mail/unsubscribe-tokens";
import type { ServerMetrics } from "./metrics/server-metrics";
import type { CardCodeKeys } from "./secrets/card-code-keys";
import type { DeviceTokens } from "./secrets/device-tokens";
import type { RotatingBarcodeKeys } from "./secrets/rotating-barcode-keys";
import type { Storage } from "./storage/storage";
import type { Store } from "./storage/store";
import type { DevicePolicy } from "./sync/admission";
import type { CompactBodyMemo } from "./sync/compact-body-memo";
import type { CompactFacts } from "./sync/compact-facts";
import type { PullGate } from "./sync/pull-gate";
import type { PullWaits } from "./sync/pull-waits";
import type { ScopeTail } from "./sync/scope-tail";
import type { ServerClock } from "./sync/server-clock";
import type { SyncArrivals } from "./sync/sync-arrivals";
import type { LanHttps } from "./tls/lan-https";
import type { Wallet } from "./wallet/open-wallet";
import type { WebhookSender } from "./webhooks/webhook-sender";

export interface RateLimits {
  /** Sync and card reads, per paired device. */
  readonly device: RateLimiter;
  /** POS / API calls, per API key. */
  readonly apiKey: RateLimiter;
  /** Pairing attempts, per client address: pairing codes must not be guessable by brute force. */
  readonly pairing: RateLimiter;
  /** Admin logins, per client address and per e-mail. */
  readonly login: RateLimiter;
  /** Receipt claims, per client address. */
  readonly claim: RateLimiter;
  /** New cards from the join page, per client address. */
  readonly join: RateLimiter;
  /** Wallet registrations, per pass (Apple's PassKit web service). */
  readonly passRegistration: RateLimiter;
  /** Customers' phones' writes (PassKit register, unregister, log; web card redeem, reveal), per address. */
  readonly walletService: RateLimiter;
  /** CSV exports, per merchant: each reads the merchant's whole data. */
  readonly exports: RateLimiter;
  /** Logo uploads, per merchant: drawing one (an SVG especially) costs up to a second of CPU. */
  readonly logoUploads: RateLimiter;
  /** Late bounces handed to `POST /mail/bounces`, per client address: each is parsed (≤ 1 MB). */
  readonly mailBounces: RateLimiter;
}

/** What request handlers and CLI commands work with; built once per process. */
export interface Services {
  readonly store: Store;
  readonly deviceTokens: DeviceTokens;
  readonly cardKeys: CardCodeKeys;
  /** Merchants' TOTP secrets for Google's rotating barcode (stamp-core SPEC K10). */
  readonly rotatingKeys: RotatingBarcodeKeys;
  readonly clock: ServerClock;
  /** The database's log epoch (see Storage.logEpoch): part of every sync cursor. */
  readonly logEpoch: string;
  /** What the server lets paired devices write (device clock drift). */
  readonly devicePolicy: DevicePolicy;
  readonly logger: Logger;
  /** Where absolute links point: PUBLIC_URL, or the server's own HTTPS on the shop's network. */
  readonly publicUrl: string;
  /** PUBLIC_URL is https: a proxy holds a real certificate (HSTS; cookies are always Secure). */
  readonly publicHttps: boolean;
  /** Proxies whose forwarded headers are believed (TRUST_PROXY); null: none. */
  readonly trustProxy: ProxyTrust | null;
  readonly kioskDist: string;
  readonly limits: RateLimits;
  /** Admin passwords' hashing, at PASSWORD_HASH_COST. */
  readonly passwords: PasswordHasher;
  /** log2 of scrypt's N for new staff PIN verifiers (PIN_HASH_COST). */
  readonly pinHashCost: number;
  /** Sync requests being read, so their writes can share a commit. */
  readonly syncArrivals: SyncArrivals;
  /** Pulls held until their scope changes (the long-poll); closed before the listener stops. */
  readonly pullWaits: PullWaits;
  /** How long a held pull may be streamed (MAX_STREAM_SECONDS); 0: never (`held-stream.ts`). */
  readonly maxStreamSeconds: number;
  /** How many pulls read and compose their pages at once (`pull-gate.ts`). */
  readonly pullGate: PullGate;
  /** The newest rows of each scope's view, which the pulls of its tills share (`scope-tail.ts`). */
  readonly scopeTail: ScopeTail;
  /** Compact cards made for pulls, shared by the tills handed the same card (`compact-body-memo.ts`). */
  readonly compactBodies: CompactBodyMemo;
  /** Events' lateness and cards' joins, read once for the pages of every till (`compact-facts.ts`). */
  readonly compactFacts: CompactFacts;
  readonly now: () => number;
}

/** What the running server adds: the wallet (passes, PassKit web service, pushes), its listeners. */
export interface AppServices extends Services {
  readonly wallet: Wallet;
  /** The local-CA HTTPS listener; null with an https PUBLIC_URL or HTTPS_PORT=off. */
  readonly lan: LanHttps | null;
  /** The plain-HTTP port (what `/setup` links use). */
  readonly httpPort: number;
  /** The server's daily backups; null when BACKUP_DAYS=0 or the database backs itself up. */
  readonly backups: DailyBackups | null;
  /** Hourly forgetting of what has outlived its use (answers under Idempotency-Keys). */
  readonly housekeeping: Housekeeping;
  /** Sends the webhook outbox; tests run a round with `runOnce()`. */
  readonly webhooks: WebhookSender;
  /** Fans campaigns out into the wallet push outbox. */
  readonly campaigns: CampaignSender;
  /** Sends campaigns' e-mail versions; tests run a round with `runOnce()`. */
  readonly campaignMail: CampaignMailer;
  /** Scans for staff fraud and alerts owners; tests run a round with `runOnce()`. */
  readonly fraudWatch: FraudWatch;
  /** Signs and checks the one-click unsubscribe links of campaign e-mail (and its bounce tags). */
  readonly unsubscribes: UnsubscribeTokens;
  /** MAIL_BOUNCE_ADDRESS: the base of campaign e-mail's VERP return paths; null: none. */
  readonly mailBounceAddress: string | null;
  readonly webhookAllowPrivateTargets: boolean;
  readonly mailer: Mailer;
  readonly storage: Storage;
  readonly metrics: ServerMetrics;
  /** METRICS_TOKEN; null: /metrics for this machine only. */
  readonly metricsToken: string | null;
}
