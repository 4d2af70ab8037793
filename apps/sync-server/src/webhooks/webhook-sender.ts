import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { Webhook } from "standardwebhooks";
import { translator } from "../i18n/translate";
import type { Logger } from "../logger";
import type { Mailer } from "../mail/mailer";
import { Rounds, type RoundsPace } from "../rounds";
import type { AdminStore } from "../storage/store";
import type { DueDelivery, WebhookStore } from "../storage/webhook-store";
import { guardedLookup, isPrivateAddress } from "./outbound-guard";
import { type AttemptResult, deliveryOutcome } from "./webhook-retries";

/** Long enough for a slow receiver, short enough that a crashed sender's work is soon retaken. */
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
/** The admin pages, and so this e-mail, are in English until they get their catalogues. */
const BATCH = 20;
/** A receiver's answer is read up to this much (it is only logged); the rest is dropped. */
const MAX_ANSWER_BYTES = 4_096;

export interface WebhookSenderOptions {
  readonly store: Pick<WebhookStore, "claimWebhookDeliveries" | "finishWebhookDelivery"> &
    Pick<AdminStore, "adminEmails">;
  /** Tells the merchant's admins when an endpoint is switched off. */
  readonly mailer: Mailer;
  /** Where the admin pages are, for the link in that e-mail. */
  readonly publicUrl: string;
  readonly now: () => number;
  readonly logger: Logger;
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: send to loopback and private networks too (tests, intranets). */
  readonly allowPrivateTargets: boolean;
  /** Busy: how often rounds run while there are deliveries; idle: while none came. */
  readonly pace: RoundsPace;
}

/**
 * Sends the webhook outbox: claims due deliveries (a lease, so several instances share the work
 * and none sends one twice at once), signs each per Standard Webhooks (`webhook-id` the same on
 * every retry, `webhook-timestamp` the attempt's, `webhook-signature: v1,<HMAC-SHA256>`), POSTs
 * it, and records the outcome: delivered, retried on the schedule, or given up.
 */
export class WebhookSender {
  readonly #options: WebhookSenderOptions;
  readonly #logger: Logger;
  readonly #rounds: Rounds;

  constructor(options: WebhookSenderOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ module: "webhooks" });
    this.#rounds = new Rounds(
      () => this.runOnce(),
      options.pace,
      this.#logger,
      "webhook round failed",
    );
  }

  start(): void {
    this.#rounds.start();
  }

  stop(): Promise<void> {
    return this.#rounds.stop();
  }

  /** Deliveries were enqueued (events appended, one replayed): a round soon, not at the next idle one. */
  wake(): void {
    this.#rounds.wake();
  }

  /** One round: every due delivery claimed, sent and recorded. Returns how many were sent. */
  async runOnce(): Promise<number> {
    const { store, now } = this.#options;
    const due = await store.claimWebhookDeliveries(now(), LEASE_MS, BATCH);
    const switchedOff = new Map<string, { delivery: DueDelivery; error: string | null }>();
    await Promise.all(
      due.map(async (delivery) => {
        const result = await this.#attempt(delivery);
        const outcome = deliveryOutcome(delivery, result, now());
        if (outcome.status === "failed" || outcome.disableEndpoint)
          this.#logger.warn(
            { deliveryId: delivery.id, endpointId: delivery.endpointId, error: outcome.error },
            outcome.disableEndpoint ? "webhook endpoint switched off" : "webhook given up",
          );
        await store.finishWebhookDelivery(delivery, outcome);
        if (outcome.status === "pending") this.#rounds.wakeIn(outcome.dueAt - now());
        // A REST hook answering 410 unsubscribed itself: nobody needs telling.
        if (outcome.disableEndpoint && delivery.endpoint.kind === "webhook")
          switchedOff.set(delivery.endpointId, { delivery, error: outcome.error });
      }),
    );
    await Promise.all([...switchedOff.values()].map((off) => this.#tellAdmins(off)));
    return due.length;
  }

  /** The owners hear, each in their language, that an endpoint was switched off, and how to switch it on again. */
  async #tellAdmins({ delivery, error }: { delivery: DueDelivery; error: string | null }) {
    const { store, mailer, publicUrl } = this.#options;
    for (const { email: to, locale } of await store.adminEmails(delivery.merchantId)) {
      const tr = translator(locale ?? "en");
      const text = tr.t("webhooks.mail.body", {
        url: delivery.endpoint.url,
        since: tr.dateTime(delivery.endpoint.failingSince ?? delivery.createdAt),
        error: error ?? "",
        admin: `${publicUrl}/admin/webhooks/${delivery.endpointId}`,
      });
      await mailer
        .send({ to, subject: tr.t("webhooks.mail.subject"), text })
        .catch((failure: unknown) =>
          this.#logger.error(
            { err: failure, to },
            "could not e-mail that a webhook was switched off",
          ),
        );
    }
  }

  #attempt(delivery: DueDelivery): Promise<AttemptResult> {
    const { allowPrivateTargets, now } = this.#options;
    let url: URL;
    try {
      url = new URL(delivery.endpoint.url);
    } catch {
      return Promise.resolve({ kind: "unreachable", reason: "not a URL" });
    }
    const host = url.hostname.replace(/^\[|\]$/g, "");
    // A literal address is never looked up, so it is checked here; names are checked per answer.
    if (!allowPrivateTargets && isIP(host) !== 0 && isPrivateAddress(host))
      return Promise.resolve({ kind: "unreachable", reason: "private address refused" });
    const signature = new Webhook(delivery.endpoint.secret).sign(
      delivery.messageId,
      new Date(now()),
      delivery.payload,
    );
    const client = url.protocol === "https:" ? https : http;
    return new Promise((resolve) => {
      const request = client.request(
        url,
        {
          method: "POST",
          lookup: guardedLookup(allowPrivateTargets),
          timeout: TIMEOUT_MS,
          headers: {
            "content-type": "application/json",
            "user-agent": "Stamp-Webhooks/1",
            "webhook-id": delivery.messageId,
            "webhook-timestamp": String(Math.floor(now() / 1000)),
            "webhook-signature": signature,
          },
        },
        (response) => {
          let read = 0;
          response.on("data", (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_ANSWER_BYTES) response.destroy();
          });
          response.on("close", () =>
            resolve({ kind: "answered", status: response.statusCode ?? 0 }),
          );
        },
      );
      request.on("timeout", () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      request.on("error", (error) => resolve({ kind: "unreachable", reason: error.message }));
      request.end(delivery.payload);
    });
  }
}
