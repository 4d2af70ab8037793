import { randomUUID } from "node:crypto";
import type { Logger } from "../logger";
import type { RollupRebuildStore } from "../storage/rollup-rebuild-store";

/** How long a claim holds without a step: then another instance takes the merchant over. */
export const ROLLUP_LEASE_MS = 30_000;

export interface RollupRebuildOptions {
  readonly store: RollupRebuildStore;
  readonly now: () => number;
  readonly logger: Logger;
  /** This instance's name in its claims (default: a fresh one per process). */
  readonly instance?: string;
  readonly leaseMs?: number;
  /** Awaited before each step (tests hold the rebuild at a step with it; the server: none). */
  readonly beforeStep?: (merchantId: string) => Promise<void>;
}

/**
 * Rebuilds the dashboard's rollup of the merchants a migration marked, in the background once the
 * server listens (storage/rollup-rebuild-store.ts): claims one merchant at a time and takes its
 * steps, logging its progress, until none is pending. Merchants another instance holds are looked
 * at again every half lease, so a crashed instance's claim is taken over once its lease ran out.
 * `stop()` ends after the step under way and gives the claim up: the next start resumes there.
 */
export class RollupRebuild {
  readonly #options: RollupRebuildOptions;
  readonly #instance: string;
  readonly #leaseMs: number;
  readonly #logger: Logger;
  #stopping = false;
  #running: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #settle: () => void = () => undefined;
  readonly #settled = new Promise<void>((resolve) => {
    this.#settle = resolve;
  });

  constructor(options: RollupRebuildOptions) {
    this.#options = options;
    this.#instance = options.instance ?? randomUUID();
    this.#leaseMs = options.leaseMs ?? ROLLUP_LEASE_MS;
    this.#logger = options.logger.child({ module: "rollup-rebuild", instance: this.#instance });
  }

  start(): void {
    this.#running ??= this.#run();
  }

  /** Resolves once no merchant is pending (rebuilt here or by another instance). */
  settled(): Promise<void> {
    return this.#settled;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#running;
  }

  async #run(): Promise<void> {
    const { store, now } = this.#options;
    while (!this.#stopping) {
      try {
        const merchantId = await store.claimRollupRebuild(this.#instance, now(), this.#leaseMs);
        if (merchantId !== null) {
          await this.#rebuild(merchantId);
          continue;
        }
        if ((await store.pendingRollupRebuilds()) === 0) {
          this.#settle();
          return;
        }
      } catch (error) {
        this.#logger.error({ err: error }, "rollup rebuild failed; trying again");
      }
      await this.#pause(this.#leaseMs / 2);
    }
  }

  async #rebuild(merchantId: string): Promise<void> {
    const { store, now, beforeStep } = this.#options;
    const started = performance.now();
    this.#logger.info({ merchantId }, "rebuilding the dashboard's figures from the log");
    let logged = 0;
    for (;;) {
      if (this.#stopping) {
        await store.releaseRollupRebuild(merchantId, this.#instance);
        this.#logger.info({ merchantId }, "rollup rebuild stopped; the next start resumes it");
        return;
      }
      await beforeStep?.(merchantId);
      const step = await store.stepRollupRebuild(merchantId, this.#instance, now(), this.#leaseMs);
      switch (step.kind) {
        case "counted":
          if (step.percent >= logged + 10) {
            logged = step.percent - (step.percent % 10);
            this.#logger.info({ merchantId, percent: step.percent }, "rollup rebuild progress");
          }
          break;
        case "done":
          this.#logger.info(
            { merchantId, seconds: Math.round((performance.now() - started) / 100) / 10 },
            "rollup rebuilt: the dashboard's figures are exact",
          );
          return;
        case "lost":
          this.#logger.warn({ merchantId }, "rollup rebuild taken over by another instance");
          return;
      }
    }
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Rebuilds every pending merchant's rollup, returning once none is left (benches, tools). */
export async function rebuildPendingRollups(options: RollupRebuildOptions): Promise<void> {
  const rebuild = new RollupRebuild(options);
  rebuild.start();
  await rebuild.settled();
  await rebuild.stop();
}
