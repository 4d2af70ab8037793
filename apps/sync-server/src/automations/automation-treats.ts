import { type GrantReason, grantedVoucherIdFor, type StampEvent } from "@stamp/core";
import { derivedEventId } from "../events/derived-event-id";
import { serverEvent } from "../events/server-event";
import type { Services } from "../services";
import type { TreatSend, TreatSendKey } from "../storage/automation-store";
import { admitEvent } from "../sync/admission";
import type { AutomationRule, Treat } from "./automation-rule";

/** Sends read, and their treats appended, per step. */
const PAGE = 500;
/** How far back a freshly started instance looks: a server down this long still grants late. */
const LOOK_BACK_MS = 7 * 86_400_000;
/**
 * Each pass reads again from a little before the last one began: a send committed by another
 * instance just after this one read is never skipped (its `sent_at` is that instance's clock).
 */
const OVERLAP_MS = 10 * 60_000;

/** What a run's rule gives with its message: a voucher, a bonus stamp, or nothing. */
export type TreatGift =
  | { readonly kind: "voucher"; readonly treat: Treat; readonly reason: GrantReason }
  | { readonly kind: "stamp" };

export function treatOf(rule: AutomationRule): TreatGift | null {
  switch (rule.kind) {
    case "birthday":
      return rule.settings.treat
        ? { kind: "voucher", treat: rule.settings.treat, reason: "birthday" }
        : null;
    case "win-back": {
      const bonus = rule.settings.bonus;
      if (!bonus) return null;
      return bonus.kind === "stamp"
        ? { kind: "stamp" }
        : { kind: "voucher", treat: bonus.treat, reason: "win-back" };
    }
    case "almost-there":
    case "reward-waiting":
      return null;
    default: {
      const unreachable: never = rule;
      throw new Error(`unknown automation ${JSON.stringify(unreachable)}`);
    }
  }
}

export interface TreatCounts {
  /** Treats this pass added to the log. */
  readonly granted: number;
  /** Treats the log already held: another instance (or an earlier pass) granted them. */
  readonly duplicates: number;
  readonly rejected: number;
}

/**
 * Grants what birthday and win-back runs give with their message (stamp-core SPEC G1): a
 * `voucher.granted`, or a bonus `stamps.added` (channel `api`), for every card a run reached. It
 * reads the durable record of whom runs reached (`automation_sends`), so a crash between a
 * fan-out step and its grants loses none: the next pass (on any instance) grants them. Each event's
 * id, time and voucher id derive from the automation, the card and the occasion, so two instances
 * granting at once — or a pass reading a send again — add it once (SPEC G2, L1).
 */
export class AutomationTreats {
  readonly #services: Services;
  /** Sends at or after this are read by the next pass; null: the instance has not run one yet. */
  #since: number | null = null;

  constructor(services: Services) {
    this.#services = services;
  }

  async runOnce(): Promise<TreatCounts> {
    const started = this.#services.now();
    const since = this.#since ?? started - LOOK_BACK_MS;
    const counts = { granted: 0, duplicates: 0, rejected: 0 };
    let after: TreatSendKey | null = null;
    for (;;) {
      const sends = await this.#services.store.listTreatSends(since, after, PAGE);
      await this.#grant(sends, counts);
      if (sends.length < PAGE) break;
      after = sends.at(-1) as TreatSend;
    }
    this.#since = started - OVERLAP_MS;
    if (counts.granted > 0 || counts.rejected > 0)
      this.#services.logger.info(counts, "automation treats");
    return counts;
  }

  async #grant(
    sends: readonly TreatSend[],
    counts: { granted: number; duplicates: number; rejected: number },
  ): Promise<void> {
    const byMerchant = new Map<string, StampEvent[]>();
    const versions = new Map<string, number>();
    for (const send of sends) {
      const gift = treatOf(send.rule);
      if (!gift) continue;
      const event = await this.#eventOf(send, gift, versions);
      if (!event) continue;
      byMerchant.set(send.merchantId, [...(byMerchant.get(send.merchantId) ?? []), event]);
    }
    for (const [merchantId, events] of byMerchant) {
      const outcomes = await this.#services.store.appendEvents({
        merchantId,
        events,
        admit: admitEvent,
        now: this.#services.now(),
      });
      for (const outcome of outcomes) {
        if (outcome.status === "accepted") counts.granted += 1;
        else if (outcome.status === "duplicate") counts.duplicates += 1;
        else {
          counts.rejected += 1;
          this.#services.logger.warn(
            { id: outcome.id, rejection: outcome.rejection },
            "automation treat refused",
          );
        }
      }
    }
  }

  /** The send's treat as an event dated when the run reached the card; null: its programme is gone. */
  async #eventOf(
    send: TreatSend,
    gift: TreatGift,
    versions: Map<string, number>,
  ): Promise<StampEvent | null> {
    const about = `${send.automationId}|${send.occasion}`;
    const recorded = {
      id: derivedEventId(`treat|${send.cardId}|${about}`, send.sentAt),
      atMs: send.sentAt,
    };
    const card = { programId: send.programId, cardId: send.cardId };
    if (gift.kind === "voucher")
      return serverEvent(
        this.#services,
        send.merchantId,
        "voucher.granted",
        {
          ...card,
          voucherId: grantedVoucherIdFor(send.cardId, about),
          title: gift.treat.title,
          validDays: gift.treat.validDays,
          reason: gift.reason,
          automationId: send.automationId,
        },
        recorded,
      );
    let version = versions.get(send.programId);
    if (version === undefined) {
      const program = await this.#services.store.getProgram(send.merchantId, send.programId);
      if (!program) return null;
      version = program.program.version;
      versions.set(send.programId, version);
    }
    return serverEvent(
      this.#services,
      send.merchantId,
      "stamps.added",
      { ...card, count: 1, channel: "api", programVersion: version },
      recorded,
    );
  }
}
