import type { Logger } from "./logger";

/**
 * Work done in rounds on a timer, one round at a time: a round still running when the timer fires
 * is not doubled, a failed one is logged and the next tries again, and `stop()` waits for the
 * round in flight, so shutdown never cuts one in half. (The outboxes' senders run on it.)
 */
export class Rounds {
  readonly #round: () => Promise<unknown>;
  readonly #intervalMs: number;
  readonly #logger: Logger;
  readonly #failure: string;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(round: () => Promise<unknown>, intervalMs: number, logger: Logger, failure: string) {
    this.#round = round;
    this.#intervalMs = intervalMs;
    this.#logger = logger;
    this.#failure = failure;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.#running ??= this.#round()
        .catch((error: unknown) => this.#logger.error({ err: error }, this.#failure))
        .finally(() => {
          this.#running = undefined;
        });
    }, this.#intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
