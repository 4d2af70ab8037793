import {
  checkPlacedStamp,
  checkStamp,
  emptyCardState,
  eventTimeProblem,
  hlcMillis,
  isDeviceChannel,
  isInOrder,
  maxStampsPerScan,
  parseVoucherId,
  type StampEvent,
  type StampRefusal,
  voucherOfId,
} from "@stamp/core";
import type { AdmissionInput, Admit } from "../storage/store";
import { type Rejection, rejection } from "./rejection";

/** What the server lets paired devices write, beyond what it lets itself write. */
export interface DevicePolicy {
  /** How far ahead of the server's clock a device's event may be dated (stamp-core SPEC H5). */
  readonly maxAheadMs: number;
}

/**
 * The server's word on an event that is new to the log, whoever made it: the card and program it
 * names, the event a revocation undoes, the voucher a redemption uses, and a stamp's limits.
 * Abuse limits are judged at the event's own time (its HLC) against the card as it stood before
 * it. An event that sorts before the card's newest one arrived late from an offline device: what
 * the card looked like at its time is not at hand, so it is judged as if on a fresh card: only its
 * own size counts against the caps, the cooldown and the block are waived, and the fold still flags
 * what cannot stand (stamps on a blocked card, double redemptions).
 */
export function admitEvent(input: AdmissionInput): Rejection | null {
  return whatItNames(input) ?? limits(input);
}

/**
 * Admission of an event a paired device pushed (sync): only what a till does — its event types,
 * device channels, redemption methods and scan sizes — then what it names, then its time (a clock
 * too far off is refused, SPEC H5), then the
 * limits. Permanent refusals come first, so a till only keeps events that a right clock makes good.
 */
export function admitDeviceEvent(policy: DevicePolicy): Admit {
  return (input) =>
    tillOnly(input) ??
    whatItNames(input) ??
    deviceTime(input.event, input.now, policy.maxAheadMs) ??
    limits(input);
}

function tillOnly({ event, program }: AdmissionInput): Rejection | null {
  switch (event.type) {
    case "stamps.added": {
      if (!isDeviceChannel(event.channel))
        return rejection(
          "server-only",
          `channel ${event.channel} is for stamps the server makes (receipts, POS, API), not a till's`,
        );
      const max = program ? maxStampsPerScan(program, event.channel) : null;
      if (max !== null && event.count > max)
        return rejection("scan-cap", `one scan adds at most ${max} stamps on ${event.channel}`);
      return null;
    }
    case "voucher.redeemed":
      return event.method === "staff" || event.method === "code"
        ? null
        : rejection(
            "server-only",
            `method ${event.method} is for redemptions the server records, not a till's`,
          );
    case "stamps.revoked":
    case "reward.handed_over":
    case "voucher.revealed":
      return null;
    case "card.enrolled":
    case "card.blocked":
    case "card.unblocked":
    case "voucher.reminded":
    case "voucher.expired":
    case "stamps.expired":
    case "voucher.granted":
      return rejection("server-only", `${event.type} events are made by the server, not a till`);
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
    }
  }
}

function whatItNames({ event, program, card, target }: AdmissionInput): Rejection | null {
  if (!program) return rejection("unknown-program", `program ${event.programId} is not known here`);
  if (!card) return rejection("unknown-card", `card ${event.cardId} is not known here`);
  if (card.programId !== event.programId)
    return rejection("program-mismatch", `card ${event.cardId} belongs to another program`);
  switch (event.type) {
    case "stamps.revoked":
      return target?.type === "stamps.added" && target.cardId === event.cardId
        ? null
        : rejection(
            "revoke-target-unknown",
            `event ${event.targetId} is not a stamp of card ${event.cardId}`,
          );
    case "voucher.redeemed":
    case "reward.handed_over":
    case "voucher.revealed":
    case "voucher.reminded":
    case "voucher.expired":
      // A voucher the card holds (issued, used or withdrawn; earned or granted): the till may have seen it.
      return voucherOfId(card.state, event.voucherId)
        ? null
        : rejection("voucher-not-found", `card ${event.cardId} has not earned ${event.voucherId}`);
    case "stamps.added":
      return (event.programVersion ?? 1) > program.version
        ? rejection(
            "unknown-program-version",
            `program version ${event.programVersion} is newer than the server's ${program.version}`,
          )
        : null;
    case "card.enrolled":
    case "card.blocked":
    case "card.unblocked":
    case "stamps.expired":
      return null;
    case "voucher.granted":
      return parseVoucherId(event.voucherId)?.cardId === event.cardId
        ? null
        : rejection(
            "voucher-not-found",
            `${event.voucherId} is not a voucher of card ${event.cardId}`,
          );
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
    }
  }
}

function deviceTime(event: StampEvent, now: number, maxAheadMs: number): Rejection | null {
  const problem = eventTimeProblem(hlcMillis(event.hlc), now, maxAheadMs);
  if (!problem) return null;
  const when = event.hlc.slice(0, 24);
  return rejection(
    "device-clock-wrong",
    problem.kind === "before-2000"
      ? `this device's clock is wrong: the event is dated ${when}; set the date and time, the till sends it again`
      : `this device's clock is wrong: the event is dated ${when}, ${Math.round(problem.aheadMs / 60_000)} min ahead of the server; set the date and time, the till sends it again`,
  );
}

/**
 * A stamp's limits, judged twice: at its own time against the card as it stood before it, and at
 * the time the server places it against the card's stamps as placed (stamp-core SPEC R8), so a
 * till whose clock is wrong, either way, cannot step around the cooldown or the daily cap.
 */
function limits({
  event,
  program,
  card,
  placedAt,
  placedStamps,
}: AdmissionInput): Rejection | null {
  if (event.type !== "stamps.added" || !program || !card) return null;
  const state = isInOrder(card.state, event) ? card.state : emptyCardState(program, event.cardId);
  const attempt = { channel: event.channel, count: event.count };
  const atItsTime = checkStamp(program, state, { ...attempt, nowMs: hlcMillis(event.hlc) });
  if (!atItsTime.ok) return refused(atItsTime.refusal);
  if (!program.limits.channels.includes(event.channel)) return null;
  const reach = Math.max(DAY_MS, program.limits.cooldownSeconds * 1000);
  const placed = checkPlacedStamp(program, placedStamps(placedAt - reach, placedAt + reach), {
    ...attempt,
    nowMs: placedAt,
  });
  return placed.ok ? null : refused(placed.refusal);
}

const DAY_MS = 86_400_000;

function refused(refusal: StampRefusal): Rejection {
  switch (refusal.code) {
    case "card-blocked":
      return rejection("card-blocked", "this card is blocked");
    case "scan-cap":
      return rejection("scan-cap", `one scan adds at most ${refusal.max} stamps`);
    case "cooldown":
      return rejection(
        "cooldown",
        `this card was stamped moments ago; next stamp in ${Math.ceil(refusal.retryAfterMs / 1000)} s`,
      );
    case "visit-cap":
      return rejection("visit-cap", `at most ${refusal.max} stamps per visit`);
    case "daily-cap":
      return rejection("daily-cap", `at most ${refusal.max} stamps per 24 hours`);
    default: {
      const unreachable: never = refusal;
      throw new Error(`unknown refusal ${JSON.stringify(unreachable)}`);
    }
  }
}
