import {
  cardLinkedToStaff,
  type FraudSubject,
  fraudFlags,
  type HandAdjustment,
  type PlacedEvent,
} from "@stamp/core";
import type { AuditAction } from "../audit/audit-log";
import { merchantDerivedId } from "../merchant-derived-id";
import type { FraudFlagRecord } from "../storage/fraud-store";
import type { Store } from "../storage/store";

const DAY_MS = 86_400_000;
/**
 * How far back (by arrival) each scan reads: two days, so a till that was offline for hours
 * still meets its stamps' windows, and a whole UTC day's window is seen after it ends.
 */
export const FRAUD_LOOKBACK_MS = 2 * DAY_MS;
const PAGE = 1_000;
/** Changes by hand the audit log records (stamp-core SPEC F5). */
const HAND_ACTIONS: readonly AuditAction[] = [
  "card.stamps-added",
  "card.stamp-undone",
  "voucher.redeemed",
];
/** Cards a staff member's name or e-mail finds, looked at for a link (F1). */
const LINK_CANDIDATES = 50;

type ScanStore = Pick<
  Store,
  | "exportEvents"
  | "listAudit"
  | "listStaff"
  | "listAdmins"
  | "searchCustomers"
  | "fraudSettings"
  | "raiseFraudFlags"
>;

async function placedEvents(store: ScanStore, merchantId: string, from: number, to: number) {
  const events: PlacedEvent[] = [];
  for (let after = 0; ; ) {
    const page = await store.exportEvents(merchantId, { from, to }, after, PAGE);
    for (const { event, locationId } of page) events.push({ event, locationId });
    if (page.length < PAGE) return events;
    after = page.at(-1)?.seq ?? after;
  }
}

async function handAdjustments(store: ScanStore, merchantId: string, from: number, to: number) {
  const adjustments: HandAdjustment[] = [];
  for (const action of HAND_ACTIONS)
    for (let cursor: { at: number; id: string } | null = null; ; ) {
      const page = await store.listAudit(merchantId, { action, from, to }, cursor, PAGE);
      for (const entry of page)
        adjustments.push({
          id: entry.id,
          at: entry.at,
          actorId: entry.actorId,
          cardId: entry.target,
        });
      if (page.length < PAGE) break;
      cursor = page.at(-1) ?? null;
    }
  return adjustments;
}

/** The cards linked to the staff members who stamped in `events` (F1). */
async function staffLinks(store: ScanStore, merchantId: string, events: readonly PlacedEvent[]) {
  const stamping = new Set(events.flatMap(({ event }) => (event.staffId ? [event.staffId] : [])));
  if (stamping.size === 0) return [];
  const [staff, admins] = await Promise.all([
    store.listStaff(merchantId),
    store.listAdmins(merchantId),
  ]);
  const emails = new Map(admins.map((a) => [a.id, a.email]));
  const links: { staffId: string; cardId: string }[] = [];
  for (const member of staff.filter((s) => stamping.has(s.id))) {
    const person = {
      name: member.name,
      email: member.adminUserId ? (emails.get(member.adminUserId) ?? null) : null,
    };
    const found = new Set<string>();
    for (const query of [person.name, person.email])
      if (query)
        for (const card of await store.searchCustomers(merchantId, query, null, LINK_CANDIDATES))
          if (!found.has(card.id) && cardLinkedToStaff(card.profile, person)) {
            found.add(card.id);
            links.push({ staffId: member.id, cardId: card.id });
          }
  }
  return links;
}

/** A flag's id, the same on every instance: drawn from the merchant and the flag's key. */
export const fraudFlagId = (merchantId: string, key: string) =>
  merchantDerivedId(merchantId, `fraud:${key}`);

/**
 * One scan of the merchant's last days (stamp-core SPEC F0–F6): reads the log, the changes by
 * hand and the staff's linked cards, and keeps the flags not raised before. Safe to run again,
 * and on several instances at once: a flag's key is raised once.
 */
export async function scanForFraud(
  store: ScanStore,
  merchantId: string,
  now: number,
): Promise<FraudFlagRecord[]> {
  const from = now - FRAUD_LOOKBACK_MS;
  const [settings, events, adjustments] = await Promise.all([
    store.fraudSettings(merchantId),
    placedEvents(store, merchantId, from, now + 1),
    handAdjustments(store, merchantId, from, now + 1),
  ]);
  const flags = fraudFlags({
    events,
    adjustments,
    links: await staffLinks(store, merchantId, events),
    hours: new Map(Object.entries(settings.hours)),
    thresholds: settings.thresholds,
  });
  return store.raiseFraudFlags(
    merchantId,
    flags.map((flag) => ({ id: fraudFlagId(merchantId, flag.key), flag })),
    now,
  );
}

/** Who a flag names, by subject: staff members', tills' and accounts' names today. */
export async function subjectNames(
  store: Pick<Store, "listStaff" | "listDevices" | "listAdmins">,
  merchantId: string,
): Promise<(subject: FraudSubject) => string> {
  const [staff, devices, admins] = await Promise.all([
    store.listStaff(merchantId),
    store.listDevices(merchantId),
    store.listAdmins(merchantId),
  ]);
  const names = new Map<string, string>([
    ...staff.map((s) => [`staff:${s.id}`, s.name] as const),
    ...devices.map((d) => [`till:${d.id}`, d.name] as const),
    ...admins.map((a) => [`admin:${a.id}`, a.email] as const),
  ]);
  return (subject) => names.get(`${subject.kind}:${subject.id}`) ?? subject.id.slice(0, 8);
}
