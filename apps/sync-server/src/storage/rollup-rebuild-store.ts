/**
 * What one step of a rollup rebuild did: counted a page (the rebuild is `percent` along), finished
 * the merchant (its rollup is exact from now on, kept by appends), or found its claim taken over
 * by another instance (whose lease came after ours ran out) and did nothing.
 */
export type RollupStep =
  | { readonly kind: "counted"; readonly percent: number }
  | { readonly kind: "done" }
  | { readonly kind: "lost" };

/**
 * The dashboard's rollup rebuilt from the log of the merchants a migration marked
 * (`insight_pending`), in the background after the server listens: a merchant at a time, claimed
 * by one instance for a lease that each step renews, in steps of one transaction each (so a
 * shutdown or a crash loses at most a step, and the next claim resumes from the stored position).
 * Meanwhile the merchant's appends leave their events' counts to the rebuild, which counts the
 * log up to where it has read; its last step holds appends off while it counts what is left and
 * ends the rebuild, so every event is counted once.
 */
export interface RollupRebuildStore {
  /**
   * Claims a merchant whose rebuild nobody holds (no claim, or a lease run out before `now`, or
   * this instance's own), for `leaseMs`; null when there is none to claim now.
   */
  claimRollupRebuild(instance: string, now: number, leaseMs: number): Promise<string | null>;
  /** How many merchants are still to be rebuilt, by any instance. */
  pendingRollupRebuilds(): Promise<number>;
  /** Takes the next step of a merchant this instance claimed, and renews the lease. */
  stepRollupRebuild(
    merchantId: string,
    instance: string,
    now: number,
    leaseMs: number,
  ): Promise<RollupStep>;
  /** Gives a claim up (at shutdown): another instance, or the next start, resumes it at once. */
  releaseRollupRebuild(merchantId: string, instance: string): Promise<void>;
  /** How far the merchant's rebuild is (0–99 %), null when its rollup is exact. */
  rollupRebuildPercent(merchantId: string): Promise<number | null>;
}
