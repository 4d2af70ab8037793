import type { CardState, Voucher } from "@stamp/core";

/** The ids a card's state shares with its row's columns (`id`, `program_id`, `merchant_id`). */
export interface CardIds {
  readonly cardId: string;
  readonly programId: string;
  readonly merchantId: string;
}

/**
 * What a stored state leaves out when it holds it: a card's usual values. Rows written before
 * stamps could expire lack its fields too, and read as "nothing expired". Shared: a state is never
 * changed in place (stamp-core copies its arrays before folding onto it).
 */
const USUAL = {
  blocked: false,
  ignoredStamps: 0,
  expiredStamps: 0,
  stampsExpiredAt: null,
  conflicts: [],
  pendingRevokes: {},
  limitedStamps: [],
} as const;

/**
 * What the state text holds in place of `lastStampHlc` or `lastVisitHlc` when it is the state's
 * `lastHlc`, as after every stamp: the card's newest HLC is written once, not three times (~100 of
 * a stamped card's ~370 characters, issue 13: every stamp writes the card's row, and the row's
 * bytes are what its page, the WAL and PostgreSQL are sent). No HLC is this text.
 */
const SAME_AS_LAST = "=";

/** A newest-stamp or newest-visit HLC as stored: `SAME_AS_LAST` when it is the state's newest. */
function storedHlc<T extends string | null | undefined>(
  hlc: T,
  lastHlc: string | null,
): T | typeof SAME_AS_LAST {
  return hlc !== null && hlc === lastHlc ? SAME_AS_LAST : hlc;
}

function hasKeys(record: Readonly<Record<string, string>>): boolean {
  for (const _ in record) return true;
  return false;
}

/** Every field of a state, named: adding one to `CardState` fails the typecheck here. */
type StoredFields = { readonly [K in keyof CardState]-?: CardState[K] | undefined };

/**
 * A card's materialized state as stored in `cards.state`: plain JSON without the vouchers, which
 * are stored one row each (see card_vouchers), without the ids its row's columns hold, and without
 * the fields that hold their usual value — ~40 % of the text of a card's state (issue 13: every
 * stamp writes it, and PostgreSQL is sent it). One codec for every reader.
 */
export function encodeCardState(state: CardState): string {
  // An object of one shape, the left-out fields undefined (JSON leaves them out), in place of a
  // spread of the state: V8 serialises it in half the time (issue 13: once per card per batch).
  const stored: StoredFields = {
    cardId: undefined,
    programId: undefined,
    merchantId: undefined,
    goal: state.goal,
    enrolledAt: state.enrolledAt,
    blocked: state.blocked || undefined,
    stamps: state.stamps,
    cycles: state.cycles,
    lifetimeStamps: state.lifetimeStamps,
    ignoredStamps: state.ignoredStamps || undefined,
    expiredStamps: state.expiredStamps || undefined,
    stampsExpiredAt: state.stampsExpiredAt ?? undefined,
    vouchers: undefined,
    granted: state.granted,
    conflicts: state.conflicts.length > 0 ? state.conflicts : undefined,
    pendingRevokes: hasKeys(state.pendingRevokes) ? state.pendingRevokes : undefined,
    lastStampHlc: storedHlc(state.lastStampHlc, state.lastHlc),
    lastVisitHlc: storedHlc(state.lastVisitHlc, state.lastHlc),
    limitedStamps: state.limitedStamps.length > 0 ? state.limitedStamps : undefined,
    eventCount: state.eventCount,
    lastHlc: state.lastHlc,
    lastId: state.lastId,
  };
  return JSON.stringify(stored);
}

/** A stored state with its row's ids and its vouchers (texts written whole before read alike). */
export function decodeCardState(
  text: string,
  vouchers: readonly Voucher[],
  ids: CardIds,
): CardState {
  const stored = JSON.parse(text) as { -readonly [K in keyof CardState]?: CardState[K] };
  if (stored.lastStampHlc === SAME_AS_LAST) stored.lastStampHlc = stored.lastHlc ?? null;
  if (stored.lastVisitHlc === SAME_AS_LAST) stored.lastVisitHlc = stored.lastHlc ?? null;
  return { ...ids, ...USUAL, ...stored, vouchers } as CardState;
}

/** A card's state kept as a snapshot (stamp-core SPEC C13): whole, vouchers included. */
export function encodeSnapshot(state: CardState): string {
  return JSON.stringify(state);
}

export function decodeSnapshot(text: string): CardState {
  return JSON.parse(text) as CardState;
}
