import type { Logger } from "../logger";
import { Rounds } from "../rounds";
import type { FinishedPush, PushJob, PushTarget } from "../storage/wallet-store";
import type { Wallet } from "./open-wallet";
import { type Delivery, type DeliveryContext, deliverPush } from "./push-delivery";

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
 * delivers each (`push-delivery.ts`: APNs and the Google object), then completes the job, or
 * schedules it again with exponential backoff, or records it as failed.
 */
export class PushWorker {
  readonly #wallet: Wallet;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #rounds: Rounds;
  readonly #delivery: DeliveryContext;
  #stopping = false;

  constructor(wallet: Wallet, logger: Logger, now: () => number) {
    this.#wallet = wallet;
    this.#logger = logger.child({ module: "wallet-push" });
    this.#now = now;
    this.#delivery = { wallet, logger: this.#logger, now };
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
    const delivery = await deliverPush(this.#delivery, job, target).catch(
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
}
