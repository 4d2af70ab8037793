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

/** Where a merchant's last scan stopped (stamp-core SPEC F7). */
export interface FraudScanMark {
  /** The log position it read up to (included). */
  readonly seq: number;
  /** The time up to which it read the changes by hand (excluded). */
  readonly at: number;
}

/** The settings as a scan reads them: which version, and where the last scan stopped. */
export interface StoredFraudSettings extends FraudSettings {
  readonly lastAlertAt: number | null;
  /** When the settings were last saved (null: never); a scan keeps its end only under them. */
  readonly changedAt: number | null;
  /** Null before the first scan and after the settings changed. */
  readonly scanned: FraudScanMark | null;
}

/** The end of one scan: where it stopped and the windows' counts it leaves (SPEC F7). */
export interface FraudScanEnd {
  /** The settings' `changedAt` the scan read. */
  readonly changedAt: number | null;
  readonly mark: FraudScanMark;
  /** Counts of the windows it counted in, each replacing the one kept under its key. */
  readonly tallies: readonly FraudFlag[];
  /** Counts of windows that ended before this are forgotten. */
  readonly forgetBefore: number;
}

/** Staff-fraud flags and the settings that raise and announce them. */
export interface FraudStore {
  /** The merchant's settings (the defaults until saved), the last alert and the last scan's end. */
  fraudSettings(merchantId: string): Promise<StoredFraudSettings>;
  /** Saves the settings; the next scan reads the whole lookback again under them (no mark). */
  setFraudSettings(merchantId: string, settings: FraudSettings, now: number): Promise<void>;
  /** The counts earlier scans kept for these windows' keys (those it has). */
  fraudTallies(merchantId: string, keys: readonly string[]): Promise<FraudFlag[]>;
  /**
   * Keeps a scan's end in one transaction, only while the settings are still those of
   * `end.changedAt`: false, and nothing kept, when they changed meanwhile.
   */
  saveFraudScan(merchantId: string, end: FraudScanEnd): Promise<boolean>;
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
