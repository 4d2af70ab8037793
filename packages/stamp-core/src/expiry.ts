import { allVouchers, type CardState } from "./card-state";
import { hlcMillis } from "./hlc";
import { DEFAULT_EXPIRY_REMINDER_DAYS, type Program } from "./program";

const DAY_MS = 86_400_000;

/**
 * An expiry event the server's sweep owes a card (SPEC X1–X4): what it records, the moment it
 * happened (its HLC time), and `key`, what it is about, from which the event's id is derived so
 * that every server instance sweeping the card makes the very same event.
 */
export type DueExpiry =
  | {
      readonly type: "voucher.reminded" | "voucher.expired";
      readonly voucherId: string;
      readonly atMs: number;
      readonly key: string;
    }
  | {
      readonly type: "stamps.expired";
      readonly inactiveDays: number;
      readonly atMs: number;
      readonly key: string;
    };

/** Whether the program can make anything expire, so a sweep can skip its cards. */
export function programExpires(program: Program): boolean {
  return (
    program.expiry?.stampsAfterDays !== undefined ||
    rewardExpires(program.reward) ||
    (program.rewardHistory ?? []).some((entry) => rewardExpires(entry.reward))
  );
}

function rewardExpires(reward: Program["reward"]): boolean {
  return reward.kind !== "simple" && reward.validDays !== undefined;
}

/**
 * The expiry events due on a card at `nowMs`, oldest first: a reminder `reminderDays` before an
 * issued voucher's validity ends (X4; none when the voucher was issued within that window), the
 * voucher's expiry the first millisecond past its validity (X2, C7), and the expiry of the current
 * cycle's stamps `stampsAfterDays` after the card's last stamp (X3).
 */
export function dueExpiries(program: Program, state: CardState, nowMs: number): DueExpiry[] {
  const due: DueExpiry[] = [];
  const reminderDays = program.expiry?.reminderDays ?? DEFAULT_EXPIRY_REMINDER_DAYS;
  for (const voucher of allVouchers(state)) {
    if (voucher.status !== "issued" || voucher.expiresAtMs === undefined) continue;
    const about = `${voucher.id}|${voucher.issuedAt}`;
    const expiredAt = voucher.expiresAtMs + 1;
    if (nowMs >= expiredAt) {
      due.push({ type: "voucher.expired", voucherId: voucher.id, atMs: expiredAt, key: about });
      continue;
    }
    const remindAt = voucher.expiresAtMs - reminderDays * DAY_MS;
    if (
      reminderDays > 0 &&
      voucher.remindedAt === undefined &&
      remindAt > hlcMillis(voucher.issuedAt) &&
      nowMs >= remindAt
    )
      due.push({ type: "voucher.reminded", voucherId: voucher.id, atMs: remindAt, key: about });
  }
  const stampsAt = stampsExpireAtMs(program, state);
  const inactiveDays = program.expiry?.stampsAfterDays;
  if (stampsAt !== null && inactiveDays !== undefined && nowMs >= stampsAt)
    due.push({
      type: "stamps.expired",
      inactiveDays,
      atMs: stampsAt,
      key: `${state.cardId}|${state.lastStampHlc}|${inactiveDays}`,
    });
  return due.sort((a, b) => a.atMs - b.atMs);
}

/**
 * When the stamps a card holds now expire for want of a visit (X3), for the customer and staff to
 * be told ahead; null when they never do.
 */
export function stampsExpireAtMs(program: Program, state: CardState): number | null {
  const days = program.expiry?.stampsAfterDays;
  if (days === undefined || state.stamps === 0 || state.lastStampHlc === null) return null;
  return hlcMillis(state.lastStampHlc) + days * DAY_MS;
}

/** What a card's owner is told about its stamps' expiry (SPEC X3): when they will, or when they did. */
export type StampsExpiryNews =
  | { readonly kind: "expires"; readonly atMs: number; readonly days: number }
  | { readonly kind: "expired"; readonly atMs: number };

/**
 * The news about a card's stamps: they expire on a date unless the customer visits before, or they
 * expired (and no stamp came since); null when neither applies.
 */
export function stampsExpiryNews(program: Program, state: CardState): StampsExpiryNews | null {
  const atMs = stampsExpireAtMs(program, state);
  if (atMs !== null)
    return { kind: "expires", atMs, days: program.expiry?.stampsAfterDays as number };
  const expiredAtMs = stampsExpiredAtMs(state);
  return expiredAtMs === null ? null : { kind: "expired", atMs: expiredAtMs };
}

/** When the card's stamps last expired (X3), while no stamp has come since; else null. */
export function stampsExpiredAtMs(state: CardState): number | null {
  const expiredAt = state.stampsExpiredAt;
  if (
    expiredAt === null ||
    state.stamps > 0 ||
    (state.lastStampHlc !== null && state.lastStampHlc > expiredAt)
  )
    return null;
  return hlcMillis(expiredAt);
}
