import {
  type GoogleWalletClient,
  isPassBuilderError,
  type PatchedObject,
  type WalletMessage,
} from "@stamp/pass-builder";
import type { Logger } from "../logger";
import { Rounds } from "../rounds";
import type {
  FinishedPush,
  GoogleObjectSeen,
  PassRecord,
  PushJob,
  PushTarget,
} from "../storage/wallet-store";
import type { Wallet } from "./open-wallet";

/** A job's lease: long enough for a slow APNs + Google round, short enough to recover a crash. */
const LEASE_MS = 60_000;
/**
 * Jobs claimed at once and sent concurrently: APNs takes about a thousand streams on one
 * connection, and a round costs three queries whatever its size (claim, targets, outcomes).
 */
const BATCH = 1000;
/**
 * Pushes in flight at once (of a round's BATCH). A thousand concurrent HTTP/2 streams each hold
 * their request, timer and promise until answered, long enough to be promoted to V8's old space,
 * where they piled up as garbage: the campaign bench's server peaked at 350 MB. A window this
 * size keeps the streams short-lived and still fills the APNs connection (Apple: ~1,000 streams).
 */
const IN_FLIGHT = 200;
const MAX_DELAY_MS = 3_600_000;
/**
 * A round that found no job waits this many push intervals for the next, unless woken (`wake`): a
 * commit of a merchant's log on any instance (an append, or a program, location or logo edit:
 * `passesChangedOf`), a campaign step, a retry of this instance's falling due. The idle round finds
 * the rest: a crashed instance's lease run out.
 */
const IDLE_INTERVALS = 15;

type Delivery = (
  | { readonly kind: "done" }
  | { readonly kind: "retry"; readonly reason: string; readonly afterMs: number }
) & {
  /** A wallet (an Apple device or the Google object) took the update. */
  readonly reached: boolean;
  /** APNs devices and Google calls that refused. */
  readonly failures: number;
};

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

/** `work` over every item, at most `window` at a time; the results in the items' order. */
async function inWindow<T, R>(
  items: readonly T[],
  window: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(window, items.length) }, lane));
  return results;
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
  readonly #rounds: Rounds;
  #stopping = false;

  constructor(wallet: Wallet, logger: Logger, now: () => number) {
    this.#wallet = wallet;
    this.#logger = logger.child({ module: "wallet-push" });
    this.#now = now;
    const busyMs = wallet.config.push.intervalMs;
    this.#rounds = new Rounds(
      () => this.#drain(),
      { busyMs, idleMs: busyMs * IDLE_INTERVALS },
      this.#logger,
      "push round failed",
    );
  }

  start(): void {
    this.#stopping = false;
    this.#rounds.start();
  }

  /** Jobs were enqueued: a round soon, not at the next idle one. */
  wake(): void {
    this.#rounds.wake();
  }

  /** Stops the rounds and waits for the one in flight, so shutdown never cuts a job in half. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#rounds.stop();
  }

  /**
   * Rounds until the due jobs are out (a campaign queues many at once), or the worker stops.
   * Returns how many jobs were claimed.
   */
  async #drain(): Promise<number> {
    let claimed = 0;
    for (;;) {
      const round = await this.runOnce();
      claimed += round;
      if (round < BATCH || this.#stopping) return claimed;
    }
  }

  /** One round: up to BATCH due jobs, claimed, delivered and recorded. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const { store } = this.#wallet;
    const jobs = await store.claimPushJobs(this.#now(), LEASE_MS, BATCH);
    if (jobs.length === 0) return 0;
    const targets = new Map(
      (await store.pushTargets(jobs.map((job) => job.cardId))).map((target) => [
        target.cardId,
        target,
      ]),
    );
    const finished = await inWindow(jobs, IN_FLIGHT, (job) =>
      this.#run(job, targets.get(job.cardId) ?? null),
    );
    await store.finishPushJobs(finished);
    const retryAt = Math.min(
      ...finished.map((f) => (f.outcome.kind === "retry" ? f.outcome.dueAt : Infinity)),
    );
    if (retryAt < Infinity) this.#rounds.wakeIn(retryAt - this.#now());
    return jobs.length;
  }

  async #run(job: PushJob, target: PushTarget | null): Promise<FinishedPush> {
    const delivery = await this.#deliver(job, target).catch(
      (error: unknown): Delivery => ({
        kind: "retry",
        reason: String(error),
        afterMs: 0,
        reached: false,
        failures: 0,
      }),
    );
    const at = this.#now();
    const report = { job, reached: delivery.reached, failures: delivery.failures, at };
    switch (delivery.kind) {
      case "done":
        return { ...report, outcome: { kind: "done" } };
      case "retry": {
        const { maxAttempts, retryBaseMs } = this.#wallet.config.push;
        if (job.attempts >= maxAttempts) {
          this.#logger.warn(
            { cardId: job.cardId, reason: delivery.reason },
            "pass update given up",
          );
          return { ...report, outcome: { kind: "failed", error: delivery.reason } };
        }
        const backoff = Math.min(retryBaseMs * 2 ** (job.attempts - 1), MAX_DELAY_MS);
        const delay = Math.max(backoff, delivery.afterMs);
        return {
          ...report,
          outcome: { kind: "retry", dueAt: at + delay, error: delivery.reason },
        };
      }
      default: {
        const unreachable: never = delivery;
        throw new Error(`unknown delivery ${JSON.stringify(unreachable)}`);
      }
    }
  }

  async #deliver(job: PushJob, target: PushTarget | null): Promise<Delivery> {
    const { store, passes, apns, google } = this.#wallet;
    // An Apple push names no content, so most jobs never build the card. No pass: nothing listens.
    if (!target) return { kind: "done", reached: false, failures: 0 };
    const retries: { reason: string; afterMs: number }[] = [];
    let reached = false;
    let failures = 0;
    if (apns) {
      const results = await Promise.all(
        target.registrations.map(async (registration) => ({
          registration,
          result: await apns.sendPassUpdate(registration.pushToken, registration.passTypeId),
        })),
      );
      for (const { registration, result } of results) {
        switch (result.status) {
          case "ok":
            reached = true;
            break;
          case "unregistered":
            // The device gave the pass up (or the token died): stop pushing to it.
            failures += 1;
            await store.unregister(
              registration.deviceLibraryId,
              registration.passTypeId,
              job.cardId,
            );
            // The last device gone: the till tells the customer to add the card again.
            await store.markUpdatesLost(job.cardId, this.#now());
            break;
          case "retry":
            failures += 1;
            retries.push({
              reason: `apns: ${result.reason}`,
              afterMs: (result.retryAfterSeconds ?? 0) * 1000,
            });
            break;
          case "failed":
            failures += 1;
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
    const source = google && target.googleObject ? await passes.source(job.cardId) : null;
    if (google && source) {
      const object = await passes.googleObject(source);
      try {
        // A program edit changes the class (name, colours) as well as the objects.
        await passes.ensureGoogleClass(source);
        const patched = await google.patchObject(object.id, {
          state: object.state,
          loyaltyPoints: object.loyaltyPoints,
          textModulesData: object.textModulesData,
          ...(object.linksModuleData ? { linksModuleData: object.linksModuleData } : {}),
          barcode: object.barcode ?? null,
          rotatingBarcode: object.rotatingBarcode ?? null,
        });
        const seen = googleObjectSeen(patched, source.pass);
        if (seen) await store.noteGoogleObject(job.cardId, seen, this.#now());
        if (patched.kind === "missing") {
          // Gone at Google: nothing to tell it; the till asks the customer to save the card again.
          failures += 1;
          this.#logger.warn({ cardId: job.cardId }, "Google has no object for a pass");
          return delivered(retries, reached, failures);
        }
        reached = true;
        // News (a reward earned, one about to expire, a campaign) reaches the phone once, as a message.
        const message = await passes.googleMessage(source);
        if (message && message.id !== source.pass.googleNotice) {
          await sendMessage(google, object.id, message);
          await store.markGoogleNotice(job.cardId, message.id);
        }
      } catch (error) {
        failures += 1;
        const info = isPassBuilderError(error) ? error.info : null;
        if (info?.code === "google-api-failed" && !info.retryable) {
          this.#logger.warn({ cardId: job.cardId, err: error }, "Google refused a pass update");
        } else {
          retries.push({ reason: `google: ${String(error)}`, afterMs: 0 });
        }
      }
    }
    return delivered(retries, reached, failures);
  }
}

/** A round's delivery from the retries it met (none: done). */
function delivered(
  retries: readonly { reason: string; afterMs: number }[],
  reached: boolean,
  failures: number,
): Delivery {
  const first = retries[0];
  if (!first) return { kind: "done", reached, failures };
  return {
    kind: "retry",
    reason: retries.map((r) => r.reason).join("; "),
    afterMs: Math.max(...retries.map((r) => r.afterMs), first.afterMs),
    reached,
    failures,
  };
}

/**
 * What Google's answer changes in what the server knows of the object, or null when nothing (so a
 * push round writes nothing for an object as it was).
 */
function googleObjectSeen(patched: PatchedObject, pass: PassRecord): GoogleObjectSeen | null {
  if (patched.kind === "missing") return "missing";
  if (patched.hasUsers === true)
    return pass.googleUsers === true && pass.googleLostAt === null ? null : "saved";
  if (patched.hasUsers === false) return pass.googleUsers === false ? null : "unsaved";
  return null;
}
