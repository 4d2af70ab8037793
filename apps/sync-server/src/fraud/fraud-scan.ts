import {
  cardLinkedToStaff,
  type FraudInput,
  type FraudSubject,
  fraudRound,
  fraudTallies,
  type HandAdjustment,
  hlcMillis,
  type PlacedEvent,
  phoneTail,
  type StaffContact,
} from "@stamp/core";
import type { AuditAction } from "../audit/audit-log";
import { merchantDerivedId } from "../merchant-derived-id";
import type { FraudFlagRecord } from "../storage/fraud-store";
import type { Store } from "../storage/store";

const DAY_MS = 86_400_000;
/**
 * How far back (by arrival) a scan reads when it starts over (the first, or after the settings
 * changed), and how long the counts of a window are kept after it ends: two days, so a till that
 * was offline for hours still meets its stamps' windows.
 */
export const FRAUD_LOOKBACK_MS = 2 * DAY_MS;
/**
 * Changes by hand are read up to this long before the scan: an audit entry is timed before it is
 * written, so one written while a scan reads is counted by the next.
 */
const AUDIT_SETTLE_MS = 60_000;
/** How far a till's clock may be ahead of the server's, for F6's late stamps. */
const CLOCK_SLACK_MS = 60_000;
const ALL_TIME = { from: 0, to: Number.MAX_SAFE_INTEGER };
const PAGE = 1_000;
/** Changes by hand the audit log records (stamp-core SPEC F5). */
const HAND_ACTIONS: readonly AuditAction[] = [
  "card.stamps-added",
  "card.stamp-undone",
  "voucher.redeemed",
];
/** Cards a staff member's name, e-mail or phone finds, looked at for a link (F1). */
const LINK_CANDIDATES = 50;

type ScanStore = Pick<
  Store,
  | "exportEvents"
  | "maxSeq"
  | "cardHistory"
  | "listDevices"
  | "listAudit"
  | "listStaff"
  | "listAdmins"
  | "searchCustomers"
  | "findCardsByPhone"
  | "fraudSettings"
  | "fraudTallies"
  | "saveFraudScan"
  | "raiseFraudFlags"
>;

/**
 * The events after log position `after` up to `head`, placed in `range`: from the mark on (an
 * index range), or the lookback when starting over.
 */
async function placedEvents(
  store: ScanStore,
  merchantId: string,
  range: { readonly from: number; readonly to: number },
  after: number,
  head: number,
) {
  const events: PlacedEvent[] = [];
  for (let seq = after; seq < head; ) {
    const page = await store.exportEvents(merchantId, range, seq, PAGE);
    for (const row of page)
      if (row.seq <= head) events.push({ event: row.event, locationId: row.locationId });
    if (page.length < PAGE) break;
    seq = page.at(-1)?.seq ?? head;
  }
  return events;
}

/**
 * The histories F6 needs (SPEC F7): of the cards with a new redemption, and of those with a new
 * stamp made before the last scan (an earlier redemption may follow it).
 */
async function cardHistories(
  store: ScanStore,
  merchantId: string,
  events: readonly PlacedEvent[],
  lastScanAt: number,
): Promise<PlacedEvent[]> {
  const cards = new Set<string>();
  for (const { event } of events)
    if (
      event.type === "voucher.redeemed" ||
      event.type === "reward.handed_over" ||
      (event.type === "stamps.added" && hlcMillis(event.hlc) < lastScanAt + CLOCK_SLACK_MS)
    )
      cards.add(event.cardId);
  if (cards.size === 0) return [];
  const placeOf = new Map(
    (await store.listDevices(merchantId)).map((device) => [device.id, device.locationId]),
  );
  const histories: PlacedEvent[] = [];
  for (const cardId of cards)
    for (const { event } of await store.cardHistory(merchantId, cardId))
      histories.push({ event, locationId: placeOf.get(event.deviceId) ?? null });
  return histories;
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

/**
 * The cards linked to the staff members who stamped in `events` (F1): among the cards their full
 * name or admin e-mail finds, and those whose phone ends in their phone's last digits, the ones
 * stamp-core's `cardLinkedToStaff` calls theirs.
 */
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
    const person: StaffContact = {
      name: member.name,
      email: member.adminUserId ? (emails.get(member.adminUserId) ?? null) : null,
      phone: member.phone,
    };
    const tail = member.phone ? phoneTail(member.phone) : null;
    const candidates = [
      ...(await Promise.all(
        [person.name, person.email?.trim()].flatMap((query) =>
          query ? [store.searchCustomers(merchantId, query, null, LINK_CANDIDATES)] : [],
        ),
      )),
      tail ? await store.findCardsByPhone(merchantId, tail, LINK_CANDIDATES) : [],
    ].flat();
    const found = new Set<string>();
    for (const card of candidates)
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
 * One scan of the merchant's log (stamp-core SPEC F0–F7): reads the events new since the last
 * scan's mark (the whole lookback when there is none), the changes by hand since, the staff's
 * linked cards and the counts kept for the windows the new events fall in, raises the flags not
 * raised before, and keeps the new mark and counts. Runs one at a time (FraudWatch's lock); a scan
 * that stops half way is done again from the old mark, raising nothing twice (a key is raised once).
 */
export async function scanForFraud(
  store: ScanStore,
  merchantId: string,
  now: number,
): Promise<FraudFlagRecord[]> {
  const [settings, head] = await Promise.all([
    store.fraudSettings(merchantId),
    store.maxSeq(merchantId),
  ]);
  const { scanned } = settings;
  const lookback = now - FRAUD_LOOKBACK_MS;
  const auditFrom = scanned ? scanned.at : lookback;
  const auditTo = Math.max(auditFrom, now - AUDIT_SETTLE_MS);
  const [events, adjustments] = await Promise.all([
    scanned
      ? placedEvents(store, merchantId, ALL_TIME, scanned.seq, head)
      : placedEvents(store, merchantId, { from: lookback, to: now + 1 }, 0, head),
    handAdjustments(store, merchantId, auditFrom, auditTo),
  ]);
  // Nothing new since the mark: nothing to count, and the mark may stay where it is.
  if (scanned && events.length === 0 && adjustments.length === 0) return [];
  const input: FraudInput = {
    events,
    adjustments,
    links: await staffLinks(store, merchantId, events),
    hours: new Map(Object.entries(settings.hours)),
    thresholds: settings.thresholds,
    cardEvents: scanned
      ? await cardHistories(store, merchantId, events, scanned.at + AUDIT_SETTLE_MS)
      : events,
  };
  const touched = scanned ? fraudTallies(input).map((tally) => tally.key) : [];
  const saved = touched.length > 0 ? await store.fraudTallies(merchantId, touched) : [];
  const round = fraudRound(input, saved);
  const raised = await store.raiseFraudFlags(
    merchantId,
    round.flags.map((flag) => ({ id: fraudFlagId(merchantId, flag.key), flag })),
    now,
  );
  await store.saveFraudScan(merchantId, {
    changedAt: settings.changedAt,
    mark: { seq: Math.max(head, scanned?.seq ?? 0), at: auditTo },
    tallies: round.tallies,
    forgetBefore: lookback,
  });
  return raised;
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
