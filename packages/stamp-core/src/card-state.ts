import type { Channel } from "./channel";
import type {
  GrantReason,
  RedeemMethod,
  StampEvent,
  StampsAddedEvent,
  StampsExpiredEvent,
  VoucherGrantedEvent,
} from "./events";
import { hlcMillis } from "./hlc";
import { inFoldOrder } from "./order";
import type { Program, Redemption } from "./program";
import { lotteryPrize, voucherCode } from "./reward-outcome";
import { rewardAt } from "./reward-terms";
import { FIRST_GRANT_NUMBER, voucherIdFor } from "./voucher-id";

const DAY_MS = 86_400_000;

export type VoucherStatus = "issued" | "redeemed" | "expired" | "withdrawn";

export interface Voucher {
  readonly id: string;
  /** The cycle that earned it; for a voucher the server granted, its grant number (SPEC G1). */
  readonly cycle: number;
  readonly kind: Program["reward"]["kind"];
  readonly title: string;
  /**
   * Stored status. "expired" is stored once the server's `voucher.expired` is folded (X2); before
   * that, voucherStatusAt reads an issued voucher past its validity as expired.
   */
  readonly status: VoucherStatus;
  /** HLC of the event that completed the cycle. */
  readonly issuedAt: string;
  /**
   * The program version whose reward this voucher carries: the completing stamp's (SPEC T3); 0 for
   * a granted voucher, which carries no programme reward but its own text (G1).
   */
  readonly programVersion: number;
  /** Why the server granted it outside the cycles (SPEC G1); absent for vouchers earned by stamps. */
  readonly grantReason?: GrantReason;
  /** How this voucher is redeemed, as promised when it was earned; absent for simple rewards. */
  readonly redemption?: Redemption;
  readonly expiresAtMs?: number;
  readonly code?: string;
  readonly prize?: { readonly id: string; readonly title: string };
  readonly redeemedAt?: string;
  readonly redeemedBy?: string;
  readonly redeemMethod?: RedeemMethod | "handover";
  /** HLC of the first `voucher.revealed`: a lottery prize the customer has seen (SPEC C12). */
  readonly revealedAt?: string;
  /** HLC of the first `voucher.reminded`: the customer was told it expires soon (SPEC X4). */
  readonly remindedAt?: string;
}

export type ConflictKind =
  | "double-redemption"
  | "unknown-voucher"
  | "voucher-expired"
  | "voucher-withdrawn"
  | "revoked-after-redemption"
  | "stamps-while-blocked"
  | "revoke-repeated";

/** Something two replicas did that cannot both stand; kept and shown to the merchant, never dropped (SPEC C8). */
export interface Conflict {
  readonly kind: ConflictKind;
  readonly eventId: string;
  readonly hlc: string;
  readonly voucherId?: string;
  /** The event that won, for double redemptions and repeated revokes. */
  readonly winnerId?: string;
}

export interface RecentStamp {
  readonly ms: number;
  readonly count: number;
  readonly channel: Channel;
}

export interface CardState {
  readonly cardId: string;
  readonly programId: string;
  readonly merchantId: string;
  readonly goal: number;
  readonly enrolledAt?: string;
  readonly blocked: boolean;
  /** Stamps in the current cycle: 0 ≤ stamps < goal. */
  readonly stamps: number;
  /** Completed cycles. */
  readonly cycles: number;
  /** Net stamps that count: stamps + cycles × goal (SPEC C2). */
  readonly lifetimeStamps: number;
  /** Stamps that arrived while the card was blocked, net of their revocations. */
  readonly ignoredStamps: number;
  /** Stamps taken by `stamps.expired` (X3), net of the revocations of stamps that had expired. */
  readonly expiredStamps: number;
  /** HLC of the last `stamps.expired` that took stamps (X3); null: none did. */
  readonly stampsExpiredAt: string | null;
  /** Vouchers earned by completed cycles: the voucher of cycle c is at index c − 1 (C5). */
  readonly vouchers: readonly Voucher[];
  /**
   * Vouchers the server granted outside the cycles (SPEC G1), in L2 order of their grants; absent
   * until the first. `allVouchers` lists both kinds.
   */
  readonly granted?: readonly Voucher[];
  readonly conflicts: readonly Conflict[];
  /**
   * Revocations folded before their target arrived (a skewed clock can do that): target id →
   * revocation id. When the target arrives, the card is refolded. Nearly always empty.
   */
  readonly pendingRevokes: Readonly<Record<string, string>>;
  /** HLC of the newest stamp on any channel, for the cooldown (R2). */
  readonly lastStampHlc: string | null;
  /**
   * HLC of the newest stamp that was a visit — on any channel but the server's bonus channel
   * (`api`, SPEC G5) — null when none was; absent until the card's first stamp (and in states
   * stored before it was kept: read `lastStampHlc` then).
   */
  readonly lastVisitHlc?: string | null;
  /** Stamps on the program's limited channels within 24 h of the newest, for the daily cap (R3). */
  readonly limitedStamps: readonly RecentStamp[];
  readonly eventCount: number;
  /** HLC and id of the newest folded event: later events can be applied incrementally. */
  readonly lastHlc: string | null;
  readonly lastId: string | null;
}

export function emptyCardState(program: Program, cardId: string): CardState {
  return {
    cardId,
    programId: program.id,
    merchantId: program.merchantId,
    goal: program.goal,
    blocked: false,
    stamps: 0,
    cycles: 0,
    lifetimeStamps: 0,
    ignoredStamps: 0,
    expiredStamps: 0,
    stampsExpiredAt: null,
    vouchers: [],
    conflicts: [],
    pendingRevokes: {},
    lastStampHlc: null,
    limitedStamps: [],
    eventCount: 0,
    lastHlc: null,
    lastId: null,
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Draft = Mutable<
  Omit<CardState, "vouchers" | "granted" | "conflicts" | "pendingRevokes" | "limitedStamps">
> & {
  vouchers: Voucher[];
  granted?: Voucher[];
  conflicts: Conflict[];
  pendingRevokes: Record<string, string>;
  limitedStamps: RecentStamp[];
};

/**
 * What only a full fold knows: every stamp event's count, so that a revocation can take it back.
 * Kept out of the state so that the state stays small (it is stored and synced per card) and an
 * incremental step copies nothing that grows with the card's history; a revocation refolds.
 */
interface Ledger {
  /** Ids some revocation in the fold names: only their grants are worth remembering. */
  readonly targets: ReadonlySet<string>;
  /** Count of each revoked stamps.added, negated when it arrived while the card was blocked. */
  readonly grants: Map<string, number>;
  /** Target id → the revocation that took effect. */
  readonly revoked: Map<string, string>;
  /**
   * Only in folds that hold a `stamps.expired`: every counted stamps.added, oldest first, with
   * how many of its stamps still count. Expiry takes the newest first (X3), so a later revocation
   * takes back only what still counts.
   */
  readonly counted: { readonly id: string; live: number }[] | null;
}

function draftOf(state: CardState): Draft {
  // Every field named, not a spread of the state: V8 copies it four times faster and every draft
  // has one shape (issue 13: a pushed batch copies each card it touches). A field added to
  // CardState fails the typecheck here unless it is optional: name it then beside the others.
  const d: Draft = {
    cardId: state.cardId,
    programId: state.programId,
    merchantId: state.merchantId,
    goal: state.goal,
    blocked: state.blocked,
    stamps: state.stamps,
    cycles: state.cycles,
    lifetimeStamps: state.lifetimeStamps,
    ignoredStamps: state.ignoredStamps,
    expiredStamps: state.expiredStamps,
    stampsExpiredAt: state.stampsExpiredAt,
    vouchers: [...state.vouchers],
    conflicts: [...state.conflicts],
    pendingRevokes: { ...state.pendingRevokes },
    lastStampHlc: state.lastStampHlc,
    limitedStamps: [...state.limitedStamps],
    eventCount: state.eventCount,
    lastHlc: state.lastHlc,
    lastId: state.lastId,
  };
  if (state.enrolledAt !== undefined) d.enrolledAt = state.enrolledAt;
  if (state.granted !== undefined) d.granted = [...state.granted];
  if (state.lastVisitHlc !== undefined) d.lastVisitHlc = state.lastVisitHlc;
  return d;
}

/** Every voucher of the card: those earned by cycles, then those the server granted (SPEC G1). */
export function allVouchers(state: CardState): readonly Voucher[] {
  return state.granted === undefined || state.granted.length === 0
    ? state.vouchers
    : [...state.vouchers, ...state.granted];
}

/** The card's voucher of a voucher number — a cycle (C5) or a grant number (G1) — if it has one. */
export function voucherNumbered(state: CardState, cycle: number): Voucher | undefined {
  return cycle >= FIRST_GRANT_NUMBER
    ? state.granted?.find((voucher) => voucher.cycle === cycle)
    : state.vouchers[cycle - 1];
}

/** The card's voucher of a voucher id, if it has one. */
export function voucherOfId(state: CardState, voucherId: string): Voucher | undefined {
  const slot = voucherSlot(state, voucherId);
  return slot ? slot.list[slot.index] : undefined;
}

/** A voucher with the terms of the reward in force for the stamp that earns it (SPEC T3). */
function newVoucher(
  program: Program,
  cardId: string,
  cycle: number,
  earnedBy: StampsAddedEvent,
): Voucher {
  const id = voucherIdFor(cardId, cycle);
  const reward = rewardAt(program, earnedBy.programVersion);
  const voucher: Mutable<Voucher> = {
    id,
    cycle,
    kind: reward.kind,
    title: reward.title,
    status: "issued",
    issuedAt: earnedBy.hlc,
    programVersion: earnedBy.programVersion ?? 1,
  };
  if (reward.kind === "simple") return voucher;
  voucher.redemption = reward.redemption;
  if (reward.validDays !== undefined)
    voucher.expiresAtMs = hlcMillis(earnedBy.hlc) + reward.validDays * DAY_MS;
  const code = voucherCode(program.id, reward, id);
  if (code !== undefined) voucher.code = code;
  if (reward.kind === "lottery") {
    const prize = lotteryPrize(reward.seed, id, reward.prizes);
    voucher.prize = { id: prize.id, title: prize.title };
  }
  return voucher;
}

/**
 * A copy of a voucher in another status. Built field by field rather than by spreading: vouchers
 * come in several shapes and V8's generic object spread made this the fold's hottest line.
 */
function withStatus(
  voucher: Voucher,
  status: Voucher["status"],
  by?: StampEvent,
  method?: RedeemMethod | "handover",
): Voucher {
  const out: Mutable<Voucher> = {
    id: voucher.id,
    cycle: voucher.cycle,
    kind: voucher.kind,
    title: voucher.title,
    status,
    issuedAt: voucher.issuedAt,
    programVersion: voucher.programVersion,
  };
  if (voucher.redemption !== undefined) out.redemption = voucher.redemption;
  if (voucher.expiresAtMs !== undefined) out.expiresAtMs = voucher.expiresAtMs;
  if (voucher.code !== undefined) out.code = voucher.code;
  if (voucher.prize !== undefined) out.prize = voucher.prize;
  if (voucher.revealedAt !== undefined) out.revealedAt = voucher.revealedAt;
  if (voucher.remindedAt !== undefined) out.remindedAt = voucher.remindedAt;
  if (voucher.grantReason !== undefined) out.grantReason = voucher.grantReason;
  if (by !== undefined && method !== undefined) {
    out.redeemedAt = by.hlc;
    out.redeemedBy = by.id;
    out.redeemMethod = method;
  }
  return out;
}

/**
 * Moves the counted total by `delta` and issues or withdraws the vouchers of the cycles crossed
 * (SPEC C3, C4). Only stamps.added moves it up, and its terms are what the crossed cycles earn.
 */
function shiftStamps(
  program: Program,
  d: Draft,
  delta: number,
  event: StampEvent,
  earnedBy: StampsAddedEvent | null,
): void {
  const before = d.cycles;
  d.lifetimeStamps += delta;
  d.cycles = Math.floor(d.lifetimeStamps / d.goal);
  d.stamps = d.lifetimeStamps - d.cycles * d.goal;
  for (let cycle = before + 1; cycle <= d.cycles; cycle++) {
    if (!earnedBy) throw new Error(`event ${event.id} cannot complete a cycle`);
    const existing = d.vouchers[cycle - 1];
    if (!existing) d.vouchers.push(newVoucher(program, d.cardId, cycle, earnedBy));
    else if (existing.status === "withdrawn")
      d.vouchers[cycle - 1] = newVoucher(program, d.cardId, cycle, earnedBy);
  }
  for (let cycle = d.cycles + 1; cycle <= before; cycle++) {
    const voucher = d.vouchers[cycle - 1] as Voucher;
    if (voucher.status === "issued") d.vouchers[cycle - 1] = withStatus(voucher, "withdrawn");
    else if (voucher.status === "redeemed")
      d.conflicts.push({
        kind: "revoked-after-redemption",
        eventId: event.id,
        hlc: event.hlc,
        voucherId: voucher.id,
      });
  }
}

/** Takes back the stamps of `targetId`; `revokeId` is the revocation, `at` the event in effect now. */
function revoke(
  program: Program,
  d: Draft,
  ledger: Ledger,
  targetId: string,
  revokeId: string,
  at: StampEvent,
): void {
  const grant = ledger.grants.get(targetId);
  const earlier =
    ledger.revoked.get(targetId) ?? (grant === undefined ? d.pendingRevokes[targetId] : undefined);
  if (earlier !== undefined) {
    d.conflicts.push({
      kind: "revoke-repeated",
      eventId: revokeId,
      hlc: at.hlc,
      winnerId: earlier,
    });
    return;
  }
  if (grant === undefined) {
    d.pendingRevokes[targetId] = revokeId;
    return;
  }
  ledger.revoked.set(targetId, revokeId);
  if (grant <= 0) {
    d.ignoredStamps += grant;
    return;
  }
  let live = grant;
  if (ledger.counted) {
    const index = ledger.counted.findIndex((entry) => entry.id === targetId);
    live = ledger.counted[index]?.live ?? grant;
    if (index >= 0) ledger.counted.splice(index, 1);
    // Its expired stamps are revoked rather than expired now.
    d.expiredStamps -= grant - live;
  }
  if (live > 0) shiftStamps(program, d, -live, at, null);
}

/**
 * The server's sweep expired a card's stamps for want of a visit (X3): when, at the event's time,
 * the card's last stamp is at least `inactiveDays` old, the stamps of the current cycle are taken;
 * completed cycles and their vouchers stay. Otherwise (a stamp from an offline till came in since)
 * it changes nothing.
 */
function expireStamps(d: Draft, ledger: Ledger | null, event: StampsExpiredEvent): void {
  const taken = d.stamps;
  if (taken === 0 || d.lastStampHlc === null) return;
  if (hlcMillis(event.hlc) - hlcMillis(d.lastStampHlc) < event.inactiveDays * DAY_MS) return;
  d.lifetimeStamps -= taken;
  d.stamps = 0;
  d.expiredStamps += taken;
  d.stampsExpiredAt = event.hlc;
  let left = taken;
  const counted = ledger?.counted ?? [];
  for (let i = counted.length - 1; i >= 0 && left > 0; i--) {
    const entry = counted[i] as { id: string; live: number };
    const take = Math.min(entry.live, left);
    entry.live -= take;
    left -= take;
  }
}

/**
 * The server's sweep reminds the customer of an issued voucher before it expires (X4): the first
 * reminder of the voucher as issued now is remembered; any other changes nothing.
 */
function remind(d: Draft, voucherId: string, hlc: string): void {
  const slot = voucherSlot(d, voucherId);
  const voucher = slot?.list[slot.index];
  if (!slot || voucher?.status !== "issued" || voucher.remindedAt !== undefined) return;
  slot.list[slot.index] = { ...voucher, remindedAt: hlc };
}

/** The server's sweep marks a voucher expired once past its validity (X2); before that, nothing. */
function expireVoucher(d: Draft, voucherId: string, hlc: string): void {
  const slot = voucherSlot(d, voucherId);
  const voucher = slot?.list[slot.index];
  if (!slot || voucher?.status !== "issued" || voucher.expiresAtMs === undefined) return;
  if (hlcMillis(hlc) < voucher.expiresAtMs) return;
  slot.list[slot.index] = withStatus(voucher, "expired");
}

function refuse(
  d: Draft,
  kind: ConflictKind,
  event: StampEvent,
  voucherId: string,
  winnerId?: string,
): void {
  const conflict: Mutable<Conflict> = { kind, eventId: event.id, hlc: event.hlc, voucherId };
  if (winnerId !== undefined) conflict.winnerId = winnerId;
  d.conflicts.push(conflict);
}

function redeem(
  d: Draft,
  voucherId: string,
  method: RedeemMethod | "handover",
  event: StampEvent,
): void {
  const slot = voucherSlot(d, voucherId);
  const voucher = slot?.list[slot.index];
  if (!slot || !voucher) {
    refuse(d, "unknown-voucher", event, voucherId);
    return;
  }
  switch (voucher.status) {
    case "redeemed":
      refuse(d, "double-redemption", event, voucherId, voucher.redeemedBy);
      return;
    case "withdrawn":
      refuse(d, "voucher-withdrawn", event, voucherId);
      return;
    case "expired":
      refuse(d, "voucher-expired", event, voucherId);
      return;
    case "issued":
      if (voucher.expiresAtMs !== undefined && hlcMillis(event.hlc) > voucher.expiresAtMs) {
        refuse(d, "voucher-expired", event, voucherId);
        return;
      }
      slot.list[slot.index] = withStatus(voucher, "redeemed", event, method);
      return;
    default: {
      const unreachable: never = voucher.status;
      throw new Error(`unknown voucher status ${unreachable}`);
    }
  }
}

/**
 * Where the voucher a voucher id names sits on this card: an earned one at its cycle's index (C5,
 * no search), a granted one among the grants (G1); null when the card has none of that id.
 */
function voucherSlot(
  d: Pick<CardState, "cardId" | "vouchers" | "granted">,
  voucherId: string,
): { readonly list: Voucher[]; readonly index: number } | null {
  const at = d.cardId.length;
  const cycle =
    voucherId.charCodeAt(at) === 58 && voucherId.startsWith(d.cardId)
      ? Number(voucherId.slice(at + 1))
      : 0;
  if (cycle >= FIRST_GRANT_NUMBER) {
    const granted = (d.granted ?? []) as Voucher[];
    const index = granted.findIndex((voucher) => voucher.id === voucherId);
    return index < 0 ? null : { list: granted, index };
  }
  // Bounds first: reading past an array's end takes V8's slow path.
  return cycle >= 1 && cycle <= d.vouchers.length
    ? { list: d.vouchers as Voucher[], index: cycle - 1 }
    : null;
}

/**
 * The server granted a voucher outside the cycles (SPEC G1): issued now, with the grant's own text
 * and validity. A grant of an id the card holds already, or of another card's id, changes nothing
 * (G2): the first in L2 order stands.
 */
function grant(d: Draft, event: VoucherGrantedEvent): void {
  if (!event.voucherId.startsWith(`${d.cardId}:`) || voucherSlot(d, event.voucherId)) return;
  const voucher: Mutable<Voucher> = {
    id: event.voucherId,
    cycle: Number(event.voucherId.slice(d.cardId.length + 1)),
    kind: "simple",
    title: event.title,
    status: "issued",
    issuedAt: event.hlc,
    programVersion: 0,
    grantReason: event.reason,
  };
  if (event.validDays !== undefined)
    voucher.expiresAtMs = hlcMillis(event.hlc) + event.validDays * DAY_MS;
  d.granted ??= [];
  d.granted.push(voucher);
}

/** The first reveal of a lottery prize is remembered; any other changes nothing (SPEC C12). */
function reveal(d: Draft, voucherId: string, hlc: string): void {
  const slot = voucherSlot(d, voucherId);
  const voucher = slot?.list[slot.index];
  if (!slot || !voucher || voucher.prize === undefined || voucher.revealedAt !== undefined) return;
  slot.list[slot.index] = { ...voucher, revealedAt: hlc };
}

/** The channel of the bonus stamps the server grants (win-back, SPEC G5): not a visit. */
export const BONUS_CHANNEL = "api";

function rememberStamp(program: Program, d: Draft, event: StampsAddedEvent): void {
  d.lastStampHlc = event.hlc;
  d.lastVisitHlc = event.channel === BONUS_CHANNEL ? (d.lastVisitHlc ?? null) : event.hlc;
  if (!program.limits.channels.includes(event.channel)) return;
  // Events arrive in HLC order, so this stamp is the newest one.
  const ms = hlcMillis(event.hlc);
  d.limitedStamps.push({ ms, count: event.count, channel: event.channel });
  while ((d.limitedStamps[0] as RecentStamp).ms <= ms - DAY_MS) d.limitedStamps.shift();
}

/** Applies one event to a draft that only this fold can see; `ledger` is null for an incremental step. */
function applyInPlace(program: Program, d: Draft, event: StampEvent, ledger: Ledger | null): void {
  switch (event.type) {
    case "card.enrolled":
      d.enrolledAt ??= event.hlc;
      break;
    case "stamps.added": {
      if (d.blocked) {
        d.ignoredStamps += event.count;
        d.conflicts.push({ kind: "stamps-while-blocked", eventId: event.id, hlc: event.hlc });
      } else {
        shiftStamps(program, d, event.count, event, event);
        rememberStamp(program, d, event);
        ledger?.counted?.push({ id: event.id, live: event.count });
      }
      if (!ledger?.targets.has(event.id)) break;
      ledger.grants.set(event.id, d.blocked ? -event.count : event.count);
      const pending = d.pendingRevokes[event.id];
      if (pending !== undefined) {
        delete d.pendingRevokes[event.id];
        revoke(program, d, ledger, event.id, pending, event);
      }
      break;
    }
    case "stamps.revoked":
      if (!ledger) throw new Error(`revocation ${event.id} needs a refold of card ${d.cardId}`);
      revoke(program, d, ledger, event.targetId, event.id, event);
      break;
    case "voucher.redeemed":
      redeem(d, event.voucherId, event.method, event);
      break;
    case "reward.handed_over":
      redeem(d, event.voucherId, "handover", event);
      break;
    case "voucher.revealed":
      reveal(d, event.voucherId, event.hlc);
      break;
    case "voucher.reminded":
      remind(d, event.voucherId, event.hlc);
      break;
    case "voucher.expired":
      expireVoucher(d, event.voucherId, event.hlc);
      break;
    case "stamps.expired":
      expireStamps(d, ledger, event);
      break;
    case "card.blocked":
      d.blocked = true;
      break;
    case "card.unblocked":
      d.blocked = false;
      break;
    case "voucher.granted":
      grant(d, event);
      break;
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
    }
  }
  d.eventCount += 1;
  d.lastHlc = event.hlc;
  d.lastId = event.id;
}

/** True when `event` sorts after every event folded into `state` (SPEC L2). */
export function isInOrder(state: CardState, event: StampEvent): boolean {
  const { lastHlc, lastId } = state;
  return (
    lastHlc === null ||
    event.hlc > lastHlc ||
    (event.hlc === lastHlc && event.id > (lastId as string))
  );
}

/**
 * True when `applyEvent` may take `event`: it sorts after the card's last event and needs no
 * history the state does not keep — a revocation, or the target of a revocation folded earlier,
 * refolds the card instead (SPEC C1).
 */
export function canApplyIncrementally(state: CardState, event: StampEvent): boolean {
  if (!isInOrder(state, event)) return false;
  if (event.type === "stamps.revoked") return false;
  return !(
    event.type === "stamps.added" &&
    !isEmpty(state.pendingRevokes) &&
    state.pendingRevokes[event.id] !== undefined
  );
}

/**
 * Whether a record has no key. Looking up an id fresh from `JSON.parse` first makes V8 intern the
 * string (0.2–1.6 µs each, 1.5 % of the server's ingest in a profile); almost every card's
 * `pendingRevokes` is empty, and asking that first costs ~10 ns.
 */
function isEmpty(record: Readonly<Record<string, unknown>>): boolean {
  for (const _ in record) return false;
  return true;
}

/** Incremental fold step (SPEC C1), for events that `canApplyIncrementally` accepts; refold otherwise. */
export function applyEvent(program: Program, state: CardState, event: StampEvent): CardState {
  const owned = ownedCopy(state);
  applyOwned(program, owned, event);
  return owned;
}

declare const OWNED: unique symbol;
/** A copy of a card's state that only its maker holds (`ownedCopy`): `applyOwned` changes it. */
export type OwnedCardState = CardState & { readonly [OWNED]: true };

/**
 * A copy of `state` to apply events to in place (`applyOwned`): a run of events for one card (a
 * pushed batch) copies its state once, not once per event as `applyEvent` does (issue 13). The
 * copy shares nothing `applyOwned` changes with `state`.
 */
export function ownedCopy(state: CardState): OwnedCardState {
  return draftOf(state) as CardState as OwnedCardState;
}

/** `applyEvent` onto `owned` in place: the state that `applyEvent` would return. */
export function applyOwned(program: Program, owned: OwnedCardState, event: StampEvent): void {
  if (!canApplyIncrementally(owned, event)) {
    throw new Error(`event ${event.id} cannot be applied incrementally: refold the card`);
  }
  applyInPlace(program, owned as CardState as Draft, event, null);
}

/** Folds `sorted` (L2 order, duplicates allowed) onto `d` with a ledger of what they hold. */
function foldSorted(program: Program, d: Draft, sorted: readonly StampEvent[]): Draft {
  const targets = new Set<string>();
  let expiries = false;
  for (const event of sorted) {
    if (event.type === "stamps.revoked") targets.add(event.targetId);
    else if (event.type === "stamps.expired") expiries = true;
  }
  const ledger: Ledger = {
    targets,
    grants: new Map(),
    revoked: new Map(),
    counted: expiries ? [] : null,
  };
  let previous: StampEvent | undefined;
  for (const event of sorted) {
    if (previous && previous.id === event.id) continue;
    applyInPlace(program, d, event, ledger);
    previous = event;
  }
  return d;
}

/** The card's state from all its events, in any order and with duplicates (SPEC C1, L2). */
export function foldCard(
  program: Program,
  cardId: string,
  events: readonly StampEvent[],
): CardState {
  return foldSorted(program, draftOf(emptyCardState(program, cardId)), inFoldOrder(events));
}

/**
 * The card's state from a snapshot — its state as of its last event, `foldCard` of every event up
 * to it — and the events that sort after it, in any order and with duplicates: what `foldCard` of
 * them all gives, without the history before the snapshot (SPEC C13). Null when that history
 * matters: a revocation waits in the snapshot for its target, one among `events` names a stamp
 * they do not hold (it may be before the snapshot), or the goal changed since.
 */
export function foldAfter(
  program: Program,
  snapshot: CardState,
  events: readonly StampEvent[],
): CardState | null {
  if (snapshot.goal !== program.goal) return null;
  if (Object.keys(snapshot.pendingRevokes).length > 0) return null;
  const added = new Set<string>();
  for (const event of events) {
    if (!isInOrder(snapshot, event)) return null;
    if (event.type === "stamps.added") added.add(event.id);
  }
  for (const event of events)
    if (event.type === "stamps.revoked" && !added.has(event.targetId)) return null;
  return foldSorted(program, draftOf(snapshot), inFoldOrder(events));
}

/** A voucher's status at a moment: issued vouchers past their validity read as expired (SPEC C7). */
export function voucherStatusAt(voucher: Voucher, nowMs: number): VoucherStatus {
  if (
    voucher.status === "issued" &&
    voucher.expiresAtMs !== undefined &&
    nowMs > voucher.expiresAtMs
  )
    return "expired";
  return voucher.status;
}
