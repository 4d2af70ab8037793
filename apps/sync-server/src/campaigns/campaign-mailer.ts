import type { Program } from "@stamp/core";
import type { Logger } from "../logger";
import { bounceAddress } from "../mail/bounce-address";
import { emailConsented } from "../mail/email-consent";
import type { Mailer } from "../mail/mailer";
import type { UnsubscribeTokens } from "../mail/unsubscribe-tokens";
import { Rounds, type RoundsPace } from "../rounds";
import type { CampaignEmailResult } from "../storage/campaign-store";
import type { Store } from "../storage/store";
import { campaignEmail } from "./campaign-email";

/** E-mails a round sends at most (SMTP servers throttle bulk senders). */
const BATCH = 50;
/** A claimed e-mail is another instance's again after this (a stopped instance's). */
const LEASE_MS = 120_000;
/** Attempts before an e-mail counts as failed; retried after 1, 2, 4, 8 minutes. */
const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 60_000;

export interface CampaignMailerOptions {
  readonly store: Pick<
    Store,
    | "claimCampaignEmails"
    | "finishCampaignEmails"
    | "stopCampaignEmails"
    | "getProgram"
    | "getMerchant"
  >;
  readonly mailer: Mailer;
  readonly tokens: UnsubscribeTokens;
  /** MAIL_BOUNCE_ADDRESS: each e-mail's return path is its VERP address; null: the From. */
  readonly bounceAddress: string | null;
  readonly publicUrl: string;
  readonly now: () => number;
  readonly logger: Logger;
  /** Busy: how often rounds run while e-mails are due; idle: while none came. */
  readonly pace: RoundsPace;
}

/** SMTP's permanent refusals (5xx): that address will not take mail. */
const permanent = (error: unknown) =>
  typeof (error as { responseCode?: unknown }).responseCode === "number" &&
  (error as { responseCode: number }).responseCode >= 500;

/**
 * Sends campaigns' e-mail versions from the outbox in the database: claimed by one instance,
 * re-checked against the customer's consent at send time (an unsubscribe after the fan-out wins),
 * retried with backoff on a temporary failure; a permanent refusal (a bounce at SMTP time) stops
 * all further e-mail to that customer, and so does a late bounce (a DSN to the e-mail's VERP
 * return path, routes/mail-bounces.ts).
 */
export class CampaignMailer {
  readonly #options: CampaignMailerOptions;
  readonly #logger: Logger;
  readonly #rounds: Rounds;

  constructor(options: CampaignMailerOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ module: "campaign-mail" });
    this.#rounds = new Rounds(
      async () => (await this.#sendBatch()).claimed,
      options.pace,
      this.#logger,
      "campaign mail round failed",
    );
  }

  start(): void {
    this.#rounds.start();
  }

  stop(): Promise<void> {
    return this.#rounds.stop();
  }

  /** A campaign step enqueued e-mails: a round soon, not at the next idle one. */
  wake(): void {
    this.#rounds.wake();
  }

  /** One round: claims, sends and records a batch. Returns how many went out. */
  async runOnce(): Promise<number> {
    return (await this.#sendBatch()).sent;
  }

  async #sendBatch(): Promise<{ readonly claimed: number; readonly sent: number }> {
    const { store, mailer, tokens, bounceAddress: bounceBase, publicUrl, now } = this.#options;
    if (!mailer.configured) return { claimed: 0, sent: 0 };
    const claimed = await store.claimCampaignEmails(now(), LEASE_MS, BATCH);
    const programs = new Map<string, Promise<Program | null>>();
    const merchants = new Map<string, Promise<string>>();
    const results: CampaignEmailResult[] = [];
    const bounced: string[] = [];
    for (const email of claimed) {
      const { campaignId, cardId } = email;
      const to = email.profile?.email;
      if (to === undefined || !emailConsented(email.profile)) {
        results.push({ campaignId, cardId, status: "skipped" });
        continue;
      }
      if (!programs.has(email.programId))
        programs.set(
          email.programId,
          store.getProgram(email.merchantId, email.programId).then((r) => r?.program ?? null),
        );
      if (!merchants.has(email.merchantId))
        merchants.set(
          email.merchantId,
          store.getMerchant(email.merchantId).then((r) => r?.name ?? ""),
        );
      const program = await programs.get(email.programId);
      if (!program) {
        results.push({ campaignId, cardId, status: "skipped" });
        continue;
      }
      const mail = campaignEmail({
        email,
        to,
        program,
        merchantName: (await merchants.get(email.merchantId)) ?? "",
        publicUrl,
        unsubscribeUrl: `${publicUrl}/u/${tokens.issue(cardId)}`,
      });
      try {
        await mailer.send(
          bounceBase === null
            ? mail
            : { ...mail, returnPath: bounceAddress(bounceBase, tokens, cardId) },
        );
        results.push({ campaignId, cardId, status: "sent" });
      } catch (error) {
        this.#logger.warn({ err: error, campaignId, cardId }, "campaign e-mail not sent");
        if (permanent(error)) {
          bounced.push(cardId);
          results.push({ campaignId, cardId, status: "failed" });
        } else if (email.attempts >= MAX_ATTEMPTS)
          results.push({ campaignId, cardId, status: "failed" });
        else
          results.push({
            campaignId,
            cardId,
            status: "retry",
            dueAt: now() + RETRY_BASE_MS * 2 ** (email.attempts - 1),
          });
      }
    }
    await store.finishCampaignEmails(results);
    for (const cardId of bounced) await store.stopCampaignEmails(cardId, now());
    const retryAt = Math.min(...results.map((r) => (r.status === "retry" ? r.dueAt : Infinity)));
    if (retryAt < Infinity) this.#rounds.wakeIn(retryAt - now());
    return { claimed: claimed.length, sent: results.filter((r) => r.status === "sent").length };
  }
}
