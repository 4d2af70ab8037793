import {
  DEFAULT_FRAUD_THRESHOLDS,
  type FraudFlag,
  type FraudReason,
  type FraudSubject,
} from "@stamp/core";
import type {
  FraudFlagRecord,
  FraudSettings,
  FraudStatus,
  StoredFraudSettings,
} from "./fraud-store";
import type * as t from "./schema";

export const DEFAULT_FRAUD_SETTINGS: FraudSettings = {
  thresholds: DEFAULT_FRAUD_THRESHOLDS,
  alerts: "immediate",
  hours: {},
};

/** Stored settings over the defaults (a threshold added later reads as its default). */
export function fraudSettingsOf(text: string | null | undefined): FraudSettings {
  if (!text) return DEFAULT_FRAUD_SETTINGS;
  const saved = JSON.parse(text) as Partial<FraudSettings>;
  return {
    thresholds: { ...DEFAULT_FRAUD_THRESHOLDS, ...saved.thresholds },
    alerts: saved.alerts ?? DEFAULT_FRAUD_SETTINGS.alerts,
    hours: saved.hours ?? {},
  };
}

/** The settings row as a scan reads it (either dialect), the defaults without one. */
export function storedFraudSettings(
  row: typeof t.fraudSettings.$inferSelect | undefined,
): StoredFraudSettings {
  return {
    ...fraudSettingsOf(row?.settings),
    lastAlertAt: row?.lastAlertAt ?? null,
    changedAt: row?.updatedAt ?? null,
    scanned:
      row?.scannedSeq != null && row.scannedAt != null
        ? { seq: row.scannedSeq, at: row.scannedAt }
        : null,
  };
}

/** A window's count as kept (fraud_tallies), for either dialect. */
export const tallyRow = (merchantId: string, tally: FraudFlag) => ({
  merchantId,
  key: tally.key,
  windowEnd: tally.windowEnd,
  tally: JSON.stringify(tally),
});

/** Keys of windows read in one statement. */
export const TALLY_KEYS_AT_ONCE = 500;

/** Chunks of at most `size`: keys read at once stay under the databases' parameter limits. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A flag row (either dialect: times are numbers in both). */
export function fraudFlagOf(row: typeof t.fraudFlags.$inferSelect): FraudFlagRecord {
  return {
    id: row.id,
    merchantId: row.merchantId,
    key: row.key,
    reason: row.reason as FraudReason,
    subject: { kind: row.subjectKind, id: row.subjectId } as FraudSubject,
    locationId: row.locationId,
    windowStart: row.windowStart,
    windowEnd: row.windowEnd,
    count: row.count,
    items: JSON.parse(row.items),
    raisedAt: row.raisedAt,
    status: row.status as FraudStatus,
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt,
    note: row.note,
    alertedAt: row.alertedAt,
  };
}

/** The row a new flag is kept as. */
export function fraudFlagRow(
  merchantId: string,
  { id, flag }: { readonly id: string; readonly flag: FraudFlag },
  now: number,
): typeof t.fraudFlags.$inferInsert {
  return {
    id,
    merchantId,
    key: flag.key,
    reason: flag.reason,
    subjectKind: flag.subject.kind,
    subjectId: flag.subject.id,
    locationId: flag.locationId,
    windowStart: flag.windowStart,
    windowEnd: flag.windowEnd,
    count: flag.count,
    items: JSON.stringify(flag.items),
    raisedAt: now,
    status: "open",
  };
}
