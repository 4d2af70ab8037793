import type { FraudFlag, FraudThresholds, OpeningHours } from "@stamp/core";
import type { WorkedLocations } from "./card-within";

/** How owners hear of new flags: at once, in one e-mail a day, or not at all. */
export const FRAUD_ALERTS = ["immediate", "daily", "off"] as const;
export type FraudAlerts = (typeof FRAUD_ALERTS)[number];

export const FRAUD_STATUSES = ["open", "confirmed", "dismissed"] as const;
export type FraudStatus = (typeof FRAUD_STATUSES)[number];

/** A merchant's fraud checks: thresholds, alerts, and opening hours by location id. */
export interface FraudSettings {
  readonly thresholds: FraudThresholds;
  readonly alerts: FraudAlerts;
  readonly hours: Readonly<Record<string, OpeningHours>>;
}

export interface FraudFlagRecord extends FraudFlag {
  readonly id: string;
  readonly merchantId: string;
  readonly raisedAt: number;
  readonly status: FraudStatus;
  /** Who reviewed it (the admin's e-mail then), when, and what they noted. */
  readonly reviewedBy: string | null;
  readonly reviewedAt: number | null;
  readonly note: string | null;
  readonly alertedAt: number | null;
}

export interface FraudReview {
  readonly status: "confirmed" | "dismissed";
  readonly note: string | null;
  readonly by: string;
  readonly at: number;
}

export interface FraudFlagFilter {
  readonly status: FraudStatus;
  /** A manager tied to locations sees only flags at them (none of no location). */
  readonly locations: WorkedLocations;
}

/** Staff-fraud flags and the settings that raise and announce them. */
export interface FraudStore {
  /** The merchant's settings (the defaults until saved) and when owners were last alerted. */
  fraudSettings(merchantId: string): Promise<FraudSettings & { lastAlertAt: number | null }>;
  setFraudSettings(merchantId: string, settings: FraudSettings, now: number): Promise<void>;
  /**
   * Keeps the flags whose key the merchant has not had yet (ids handed in, derived from the key)
   * and answers those, newly raised; their `fraud.flagged` webhooks are written in the same
   * transaction. A key raised before is left as it is, whatever its review.
   */
  raiseFraudFlags(
    merchantId: string,
    flags: readonly { readonly id: string; readonly flag: FraudFlag }[],
    now: number,
  ): Promise<FraudFlagRecord[]>;
  /** Flags of `filter.status`, newest first, after `before` (the last of the previous page). */
  listFraudFlags(
    merchantId: string,
    filter: FraudFlagFilter,
    before: { readonly raisedAt: number; readonly id: string } | null,
    limit: number,
  ): Promise<FraudFlagRecord[]>;
  countOpenFraudFlags(merchantId: string, locations: WorkedLocations): Promise<number>;
  getFraudFlag(merchantId: string, id: string): Promise<FraudFlagRecord | null>;
  /** Confirms or dismisses an open flag; false when there is none open by that id. */
  reviewFraudFlag(merchantId: string, id: string, review: FraudReview): Promise<boolean>;
  /** Flags no alert has told of yet, oldest first, at most `limit`. */
  unalertedFraudFlags(merchantId: string, limit: number): Promise<FraudFlagRecord[]>;
  /** Marks `ids` told of at `at`, and `at` the merchant's last alert. */
  markFraudAlerted(merchantId: string, ids: readonly string[], at: number): Promise<void>;
}
