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
 * Until its first step the merchant's appends leave their events' counts to the rebuild. That
 * step, with the merchant's appends held off, clears the rollup and fixes the position the
 * rebuild counts the log up to (`appends_count_after`, the head then): later appends count their
 * own events, so the rebuild ends however fast the merchant appends, in steps of a page. Which
 * events count as counted meanwhile (for a revocation's target, a card's visits): those up to
 * the rebuild's position and those after the fixed one; a revocation of one not counted yet
 * marks it revoked, and the rebuild then skips it, as a fold of the log would have it. Every
 * event is counted once, and the figures equal a fold of the log.
 */
export interface RollupRebuildStore {
  /**
   * Claims a merchant whose rebuild nobody holds (no claim, or a lease run out before `now`, or
   * this instance's own), for `leaseMs`; null when there is none to claim now.
   */
  claimRollupRebuild(instance: string, now: number, leaseMs: number): Promise<string | null>;
  /** How many merchants are still to be rebuilt, by any instance. */
  pendingRollupRebuilds(): Promise<number>;
  /**
   * Takes the next step of a merchant this instance claimed, and renews the lease. A step counts
   * at most `eventsPage` events of the log (REBUILD_EVENTS_PAGE; tests take smaller ones).
   */
  stepRollupRebuild(
    merchantId: string,
    instance: string,
    now: number,
    leaseMs: number,
    eventsPage?: number,
  ): Promise<RollupStep>;
  /** Gives a claim up (at shutdown): another instance, or the next start, resumes it at once. */
  releaseRollupRebuild(merchantId: string, instance: string): Promise<void>;
  /** How far the merchant's rebuild is (0–99 %), null when its rollup is exact. */
  rollupRebuildPercent(merchantId: string): Promise<number | null>;
}
