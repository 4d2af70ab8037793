import type { Logger } from "./logger";
import type { PosStore } from "./storage/store";

/** How often the server forgets what has outlived its use. */
export const HOUSEKEEPING_EVERY_MS = 3_600_000;

export interface HousekeepingOptions {
  readonly store: Pick<PosStore, "purgeIdempotencyKeys">;
  readonly now: () => number;
  readonly logger: Logger;
}

/**
 * Forgets, at start-up and every hour, what clients left behind that has outlived its use: answers
 * kept under an Idempotency-Key past their day. Done only at start-up, they piled up for as long as
 * the server ran. (What has a bound by count is bounded in the write that adds it: stored-bounds.)
 */
export class Housekeeping {
  readonly #options: HousekeepingOptions;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> = Promise.resolve();

  constructor(options: HousekeepingOptions) {
    this.#options = options;
  }

  /** One round, after the one before it; a failure is logged and the next round tries again. */
  run(): Promise<void> {
    const round = this.#running.then(() =>
      this.#options.store.purgeIdempotencyKeys(this.#options.now()),
    );
    this.#running = round.catch((error: unknown) =>
      this.#options.logger.error(
        { err: error },
        "housekeeping failed; trying again within the hour",
      ),
    );
    return this.#running.then(() => undefined);
  }

  start(): void {
    void this.run();
    this.#timer = setInterval(() => void this.run(), HOUSEKEEPING_EVERY_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }
}
