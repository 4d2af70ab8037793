import type { Logger } from "./logger";

/** How often the server does its rounds. */
export const HOUSEKEEPING_EVERY_MS = 3_600_000;

/** One job of the hourly round, done on its own: a failure leaves the others to run. */
export interface Chore {
  readonly name: string;
  run(): Promise<unknown>;
}

export interface HousekeepingOptions {
  readonly chores: readonly Chore[];
  readonly logger: Logger;
}

/**
 * The server's own rounds, at start-up and every hour: forgetting what clients left behind that has
 * outlived its use (answers kept under an Idempotency-Key past their day; done only at start-up,
 * they piled up for as long as the server ran), and writing what time has made due (expiry of
 * vouchers and stamps, reminders). Each chore is safe with several server instances on one
 * database. (What has a bound by count is bounded in the write that adds it: stored-bounds.)
 */
export class Housekeeping {
  readonly #options: HousekeepingOptions;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> = Promise.resolve();

  constructor(options: HousekeepingOptions) {
    this.#options = options;
  }

  /** One round, after the one before it; a failed chore is logged and the next round tries again. */
  run(): Promise<void> {
    this.#running = this.#running.then(async () => {
      for (const chore of this.#options.chores)
        await chore
          .run()
          .catch((error: unknown) =>
            this.#options.logger.error(
              { err: error, chore: chore.name },
              "housekeeping failed; trying again within the hour",
            ),
          );
    });
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
