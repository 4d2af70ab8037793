import type { Program } from "@stamp/core";
import { decodeCardState, encodeCardState } from "./card-state-json";
import type * as t from "./schema";
import type {
  BusinessDetails,
  CardRecord,
  LocationRecord,
  NewCard,
  ProgramRecord,
  ReceiptRecord,
} from "./store";

// Rows as drizzle reads them; both adapters' schemas name and type their columns alike (the schema
// parity test holds them to it), so one set of mappers serves both.

type LocationRow = typeof t.locations.$inferSelect;
type ProgramRow = typeof t.programs.$inferSelect;
type ReceiptRow = typeof t.receipts.$inferSelect;
/** A card row with its vouchers, already decoded from their rows. */
export type CardRow = typeof t.cards.$inferSelect & { vouchers: unknown };

export function locationOf(row: LocationRow): LocationRecord {
  return {
    id: row.id,
    merchantId: row.merchantId,
    name: row.name,
    staffPin: {
      salt: row.staffPinSalt,
      iterations: row.staffPinIterations,
      hash: row.staffPinHash,
    },
    createdAt: row.createdAt,
    syncScope: row.syncScope,
    regionId: row.regionId,
    staffSignIn: { required: row.staffSignIn === 1, idleMinutes: row.staffIdleMinutes },
  };
}

export function locationRowOf(location: LocationRecord): typeof t.locations.$inferInsert {
  return {
    id: location.id,
    merchantId: location.merchantId,
    name: location.name,
    staffPinSalt: location.staffPin.salt,
    staffPinIterations: location.staffPin.iterations,
    staffPinHash: location.staffPin.hash,
    createdAt: location.createdAt,
    syncScope: location.syncScope,
    ...(location.staffSignIn && {
      staffSignIn: location.staffSignIn.required ? 1 : 0,
      staffIdleMinutes: location.staffSignIn.idleMinutes,
    }),
  };
}

export function programOf(row: ProgramRow): ProgramRecord {
  return {
    program: JSON.parse(row.body) as Program,
    slug: row.slug,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function programRowOf(record: ProgramRecord): ProgramRow {
  return {
    id: record.program.id,
    merchantId: record.program.merchantId,
    slug: record.slug,
    version: record.program.version,
    body: JSON.stringify(record.program),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** `vouchers`: the card's voucher bodies in cycle order, as a JSON array text or already parsed. */
function numberOf(row: CardRow): string {
  if (row.number === null)
    throw new Error(`card ${row.id} has no number: storage opened unnumbered`);
  return row.number;
}

export function cardOf(row: CardRow): CardRecord {
  const vouchers = typeof row.vouchers === "string" ? JSON.parse(row.vouchers) : row.vouchers;
  return {
    id: row.id,
    merchantId: row.merchantId,
    programId: row.programId,
    code: row.code,
    number: numberOf(row),
    profile: row.profile === null ? null : (JSON.parse(row.profile) as Record<string, string>),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    state: decodeCardState(row.state, vouchers ?? [], {
      cardId: row.id,
      programId: row.programId,
      merchantId: row.merchantId,
    }),
  };
}

export function cardRowOf(card: NewCard): typeof t.cards.$inferInsert {
  return {
    id: card.id,
    merchantId: card.merchantId,
    programId: card.programId,
    code: card.code,
    number: card.number,
    profile: card.profile === null ? null : JSON.stringify(card.profile),
    createdAt: card.createdAt,
    state: encodeCardState(card.state),
    stamps: card.state.stamps,
    cycles: card.state.cycles,
    lastHlc: card.state.lastHlc,
    conflicts: card.state.conflicts.length,
    updatedAt: card.createdAt,
  };
}

export function receiptOf(row: ReceiptRow): ReceiptRecord {
  return {
    id: row.id,
    merchantId: row.merchantId,
    programId: row.programId,
    tokenHash: row.tokenHash,
    count: row.count,
    amount: row.amount,
    currency: row.currency,
    orderRef: row.orderRef,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    claimedAt: row.claimedAt,
    cardId: row.cardId,
  };
}

export function sameBusinessDetails(a: BusinessDetails, b: BusinessDetails): boolean {
  return a.phone === b.phone && a.website === b.website && a.address === b.address;
}
