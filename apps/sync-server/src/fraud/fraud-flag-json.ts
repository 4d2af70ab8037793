import { type FraudSubject, msToIso } from "@stamp/core";
import type { FraudFlagRecord } from "../storage/fraud-store";
import type { Store } from "../storage/store";
import { subjectNames } from "./fraud-scan";

/** The names a page of flags shows, read once per page. */
export interface FlagNames {
  readonly subject: (subject: FraudSubject) => string;
  readonly locations: ReadonlyMap<string, string>;
}

export async function flagNames(
  store: Pick<Store, "listStaff" | "listDevices" | "listAdmins" | "listLocations">,
  merchantId: string,
): Promise<FlagNames> {
  const [subject, locations] = await Promise.all([
    subjectNames(store, merchantId),
    store.listLocations(merchantId),
  ]);
  return { subject, locations: new Map(locations.map((l) => [l.id, l.name])) };
}

/**
 * A flag as the API answers it (API.md § Fraud flags): who it is about — a till's staff member,
 * the till itself, or an admin account or API key (`account`) — where, what it links to, and its
 * review.
 */
export function fraudFlagJson(flag: FraudFlagRecord, names: FlagNames) {
  const { subject, locationId } = flag;
  const who = { id: subject.id, name: names.subject(subject) };
  return {
    id: flag.id,
    kind: flag.reason,
    status: flag.status,
    raisedAt: msToIso(flag.raisedAt),
    windowStart: msToIso(flag.windowStart),
    windowEnd: msToIso(flag.windowEnd),
    count: flag.count,
    location:
      locationId === null
        ? null
        : { id: locationId, name: names.locations.get(locationId) ?? null },
    staff: subject.kind === "staff" ? who : null,
    device: subject.kind === "till" ? who : null,
    account: subject.kind === "admin" ? who : null,
    items: flag.items,
    review:
      flag.reviewedAt === null
        ? null
        : { note: flag.note, by: flag.reviewedBy, at: msToIso(flag.reviewedAt) },
  };
}
