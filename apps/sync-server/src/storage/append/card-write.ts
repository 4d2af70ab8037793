import { isDeepStrictEqual } from "node:util";
import type { CardState, Voucher } from "@stamp/core";
import { randomToken } from "../../secrets/random-token";
import { passFingerprint } from "../../wallet/pass-fingerprint";
import { encodeCardState, encodeSnapshot } from "../card-state-json";
import type { SnapshotChange, SnapshotKey } from "./card-snapshots";
import type { CardChange } from "./plan-append";

/** A card row's materialized columns: the state without its vouchers, and its summary. */
export interface CardColumns {
  readonly state: string;
  readonly stamps: number;
  readonly cycles: number;
  readonly lastHlc: string | null;
  readonly conflicts: number;
  readonly updatedAt: number;
}

/** What a save writes of the card's vouchers: one row per cycle. */
export interface VoucherWrites {
  /** New or changed vouchers (stamp-core replaces a voucher object when it changes). */
  readonly put: readonly Voucher[];
  /** Cycles above this count are gone (a refold undid them); null when none can be. */
  readonly dropAbove: number | null;
}

/** A state of the card kept as a snapshot: its key, its text, and the state as folded. */
export interface SnapshotTake extends SnapshotKey {
  readonly state: string;
  readonly folded: CardState;
}

/** What a save writes of the card's snapshots (stamp-core SPEC C13). */
export interface SnapshotWrites {
  /** Snapshots from this event count on are deleted; null: none. */
  readonly dropFrom: number | null;
  /** States of the card kept as snapshots. */
  readonly take: readonly SnapshotTake[];
  /** With a new snapshot, those of fewer events than this are deleted. */
  readonly pruneBelow: number | null;
}

/**
 * The card's wallet pass after the save. HTTP dates have whole seconds, so a new version lands in a
 * later second than the one before, or two versions would look alike to a device's
 * If-Modified-Since.
 */
export type PassWrite =
  | { readonly kind: "create"; readonly fingerprint: string; readonly authToken: string }
  | { readonly kind: "bump"; readonly fingerprint: string; readonly updatedAt: number };

export interface CardWrite {
  readonly cardId: string;
  readonly merchantId: string;
  readonly columns: CardColumns;
  readonly vouchers: VoucherWrites;
  readonly snapshots: SnapshotWrites;
  /** Null when the pass shows nothing new: no new version, no push. */
  readonly pass: PassWrite | null;
  /** A wallet listens for this card and its pass moved: queue (or coalesce into) a push job. */
  readonly push: boolean;
}

/** The whole-second Last-Modified of a pass's next version. */
export function nextPassTime(previousMs: number, nowMs: number): number {
  return Math.max(nowMs, Math.floor(previousMs / 1000) * 1000 + 1000);
}

/**
 * The vouchers of `state` that differ from those stored (`before`; null: unknown). An applied event
 * keeps the objects it does not change, so most compare by identity; a refold makes new objects
 * for every cycle, and comparing their fields keeps a late stamp from rewriting the card's every
 * voucher when it moved only the newest.
 */
export function voucherWrites(state: CardState, before: readonly Voucher[] | null): VoucherWrites {
  const put = state.vouchers.filter((voucher, i) => {
    const stored = before?.[i];
    return stored !== voucher && !isDeepStrictEqual(stored, voucher);
  });
  const shrunk = before === null || before.length > state.vouchers.length;
  return { put, dropAbove: shrunk ? state.vouchers.length : null };
}

function snapshotWrites(change: SnapshotChange): SnapshotWrites {
  const take = change.take.flatMap((state) => {
    const { lastHlc, lastId, eventCount } = state;
    return lastHlc !== null && lastId !== null
      ? [{ eventCount, lastHlc, lastId, state: encodeSnapshot(state), folded: state }]
      : [];
  });
  return {
    dropFrom: change.dropFrom,
    take,
    pruneBelow: take.length > 0 ? change.pruneBelow : null,
  };
}

/**
 * What saving a changed card writes: its columns, the vouchers that changed, and — the one place
 * both adapters version passes — a new pass version when what the pass shows moved, and a push
 * where a wallet listens. Every path that changes a card goes through here: syncs, POS and API
 * stamps, receipt claims, enrolment, admin actions and program edits that refold.
 */
export function cardWrite(change: CardChange, now: number): CardWrite {
  const { state } = change;
  const fingerprint = passFingerprint(state, now);
  const current = change.pass;
  let pass: PassWrite | null = null;
  if (!current) pass = { kind: "create", fingerprint, authToken: randomToken() };
  else if (current.fingerprint !== fingerprint)
    pass = { kind: "bump", fingerprint, updatedAt: nextPassTime(current.updatedAt, now) };
  return {
    cardId: change.cardId,
    merchantId: change.merchantId,
    columns: {
      state: encodeCardState(state),
      stamps: state.stamps,
      cycles: state.cycles,
      lastHlc: state.lastHlc,
      conflicts: state.conflicts.length,
      updatedAt: now,
    },
    vouchers: voucherWrites(state, change.storedVouchers),
    snapshots: snapshotWrites(change.snapshots),
    pass,
    push: pass?.kind === "bump" && current?.listening === true,
  };
}
