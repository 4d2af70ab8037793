import type { Logger } from "../logger";
import { Rounds } from "../rounds";
import type { Storage } from "../storage/storage";
import type { Store } from "../storage/store";
import { type FraudAlertDeps, sendFraudAlerts } from "./fraud-alerts";
import { scanForFraud } from "./fraud-scan";

/** How often the log is scanned for staff fraud and owners are alerted. */
export const FRAUD_ROUND_MS = 5 * 60_000;

export interface FraudWatchOptions extends FraudAlertDeps {
  readonly store: Store;
  readonly storage: Pick<Storage, "exclusively">;
  readonly now: () => number;
  readonly intervalMs: number;
}

/**
 * Scans every merchant's recent log for staff fraud on a timer (stamp-core SPEC F0–F6), raises
 * the new flags (with their `fraud.flagged` webhooks) and alerts the owners. One instance at a
 * time scans (a database-wide lock), so two never e-mail the same flag.
 */
export class FraudWatch {
  readonly #options: FraudWatchOptions;
  readonly #rounds: Rounds;
  readonly #logger: Logger;

  constructor(options: FraudWatchOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ module: "fraud" });
    this.#rounds = new Rounds(
      () => this.runOnce(),
      { busyMs: options.intervalMs, idleMs: options.intervalMs },
      this.#logger,
      "fraud scan failed",
    );
  }

  start(): void {
    this.#rounds.start();
  }

  stop(): Promise<void> {
    return this.#rounds.stop();
  }

  /** One round over every merchant; answers how many flags it raised. */
  runOnce(): Promise<number> {
    const { storage, store, now } = this.#options;
    return storage.exclusively("fraud-watch", async () => {
      let raised = 0;
      for (const merchantId of await store.listMerchantIds()) {
        try {
          raised += (await scanForFraud(store, merchantId, now())).length;
          await sendFraudAlerts({ ...this.#options, logger: this.#logger }, merchantId, now());
        } catch (error) {
          this.#logger.error({ err: error, merchantId }, "fraud scan of a merchant failed");
        }
      }
      if (raised > 0) this.#logger.info({ raised }, "fraud flags raised");
      return raised;
    });
  }
}
