import {
  DEFAULT_FRAUD_THRESHOLDS,
  type FraudFlag,
  type FraudReason,
  type FraudSubject,
} from "@stamp/core";
import type { FraudFlagRecord, FraudSettings, FraudStatus } from "./fraud-store";
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
