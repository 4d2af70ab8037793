import {
  type GoogleWalletClient,
  isPassBuilderError,
  type WalletMessage,
} from "@stamp/pass-builder";
import type { Logger } from "../logger";
import type { PushJob } from "../storage/wallet-store";
import type { Wallet } from "./open-wallet";

/** A job's lease: long enough for a slow APNs + Google round, short enough to recover a crash. */
const LEASE_MS = 60_000;
const BATCH = 20;
const MAX_DELAY_MS = 3_600_000;

type Delivery =
  | { readonly kind: "done" }
  | { readonly kind: "retry"; readonly reason: string; readonly afterMs: number };

/**
 * Google notifies a pass at most 3 times a day and answers 429 past that: the news still goes on
 * the card's back, as a plain message.
 */
async function sendMessage(
  google: GoogleWalletClient,
  objectId: string,
  message: WalletMessage,
): Promise<void> {
  try {
    await google.addMessage(objectId, message);
  } catch (error) {
    if (!isPassBuilderError(error, "google-api-failed") || error.info.status !== 429) throw error;
    await google.addMessage(objectId, { ...message, messageType: "TEXT" });
  }
}

/**
 * Drains the push outbox: claims due jobs (a lease, so several server processes share the work),
 * tells every registered device through APNs and PATCHes the Google object, then completes the
 * job, or schedules it again with exponential backoff, or records it as failed.
 */
export class PushWorker {
  readonly #wallet: Wallet;
  readonly #logger: Logger;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(wallet: Wallet, logger: Logger, now: () => number) {
    this.#wallet = wallet;
    this.#logger = logger.child({ module: "wallet-push" });
    this.#now = now;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.#running ??= this.runOnce()
        .then(
          () => undefined,
          (error: unknown) => this.#logger.error({ err: error }, "push round failed"),
        )
        .finally(() => {
          this.#running = undefined;
        });
    }, this.#wallet.config.push.intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer and waits for the round in flight, so shutdown never cuts a job in half. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One round: every due job, claimed and delivered. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const jobs = await this.#wallet.store.claimPushJobs(this.#now(), LEASE_MS, BATCH);
    await Promise.all(jobs.map((job) => this.#run(job)));
    return jobs.length;
  }

  async #run(job: PushJob): Promise<void> {
    const store = this.#wallet.store;
    const delivery = await this.#deliver(job).catch(
      (error: unknown): Delivery => ({ kind: "retry", reason: String(error), afterMs: 0 }),
    );
    switch (delivery.kind) {
      case "done":
        return store.completePushJob(job);
      case "retry": {
        const { maxAttempts, retryBaseMs } = this.#wallet.config.push;
        if (job.attempts >= maxAttempts) {
          this.#logger.warn(
            { cardId: job.cardId, reason: delivery.reason },
            "pass update given up",
          );
          return store.failPushJob(job, delivery.reason);
        }
        const backoff = Math.min(retryBaseMs * 2 ** (job.attempts - 1), MAX_DELAY_MS);
        const delay = Math.max(backoff, delivery.afterMs);
        return store.retryPushJob(job, this.#now() + delay, delivery.reason);
      }
      default: {
        const unreachable: never = delivery;
        throw new Error(`unknown delivery ${JSON.stringify(unreachable)}`);
      }
    }
  }

  async #deliver(job: PushJob): Promise<Delivery> {
    const { store, passes, apns, google } = this.#wallet;
    const source = await passes.source(job.cardId);
    if (!source) return { kind: "done" };
    const retries: { reason: string; afterMs: number }[] = [];
    if (apns) {
      for (const registration of await store.registrationsOf(job.cardId)) {
        const result = await apns.sendPassUpdate(registration.pushToken, registration.passTypeId);
        switch (result.status) {
          case "ok":
            break;
          case "unregistered":
            // The device gave the pass up (or the token died): stop pushing to it.
            await store.unregister(
              registration.deviceLibraryId,
              registration.passTypeId,
              job.cardId,
            );
            break;
          case "retry":
            retries.push({
              reason: `apns: ${result.reason}`,
              afterMs: (result.retryAfterSeconds ?? 0) * 1000,
            });
            break;
          case "failed":
            this.#logger.warn(
              { cardId: job.cardId, httpStatus: result.httpStatus, reason: result.reason },
              "APNs refused a pass update",
            );
            break;
          default: {
            const unreachable: never = result;
            throw new Error(`unknown APNs result ${JSON.stringify(unreachable)}`);
          }
        }
      }
    }
    if (google && source.pass.googleObject) {
      const object = await passes.googleObject(source);
      try {
        // A program edit changes the class (name, colours) as well as the objects.
        await passes.ensureGoogleClass(source);
        await google.patchObject(object.id, {
          state: object.state,
          loyaltyPoints: object.loyaltyPoints,
          textModulesData: object.textModulesData,
          ...(object.linksModuleData ? { linksModuleData: object.linksModuleData } : {}),
          barcode: object.barcode,
        });
        // News (a reward earned, one about to expire) reaches the phone once, as a message.
        const message = await passes.googleMessage(source);
        if (message && message.id !== source.pass.googleNotice) {
          await sendMessage(google, object.id, message);
          await store.markGoogleNotice(job.cardId, message.id);
        }
      } catch (error) {
        const info = isPassBuilderError(error) ? error.info : null;
        if (info?.code === "google-api-failed" && !info.retryable) {
          this.#logger.warn({ cardId: job.cardId, err: error }, "Google refused a pass update");
        } else {
          retries.push({ reason: `google: ${String(error)}`, afterMs: 0 });
        }
      }
    }
    const first = retries[0];
    if (!first) return { kind: "done" };
    return {
      kind: "retry",
      reason: retries.map((r) => r.reason).join("; "),
      afterMs: Math.max(...retries.map((r) => r.afterMs), first.afterMs),
    };
  }
}
