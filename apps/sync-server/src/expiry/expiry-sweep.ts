import { type DueExpiry, dueExpiries, type Program, programExpires } from "@stamp/core";
import { serverEvent } from "../events/server-event";
import type { Services } from "../services";
import type { CardRecord } from "../storage/store";
import { admitEvent } from "../sync/admission";
import { expiryEventId } from "./expiry-event-id";

/** Cards read, and their expiry events appended, per step. */
const CARDS_PER_STEP = 200;

export interface SweepCounts {
  /** Expiry events this sweep added to the log. */
  readonly written: number;
  /** Events the log already held: another server instance (or an earlier sweep) wrote them. */
  readonly duplicates: number;
  readonly rejected: number;
}

/**
 * Writes the expiry events every card owes at the server's time (stamp-core SPEC X1–X4): reminders
 * and expiries of vouchers, expiry of stamps after the program's days without a visit. Each is
 * appended through the log like any server-made event, so the card's state, its pass version and
 * the push to its wallet move in the same transaction. Ids and times come from what expires, so
 * several server instances sweeping one database at once write each event once.
 */
export async function sweepExpiries(services: Services): Promise<SweepCounts> {
  const counts = { written: 0, duplicates: 0, rejected: 0 };
  for (const merchantId of await services.store.listMerchantIds()) {
    const programs = new Map<string, Program>();
    for (const { program } of await services.store.listPrograms(merchantId))
      if (programExpires(program)) programs.set(program.id, program);
    if (programs.size === 0) continue;
    let after: string | null = null;
    for (;;) {
      const cards = await services.store.listCards(merchantId, after, CARDS_PER_STEP);
      await appendDue(services, merchantId, programs, cards, counts);
      if (cards.length < CARDS_PER_STEP) break;
      after = (cards.at(-1) as CardRecord).id;
    }
  }
  if (counts.written > 0 || counts.rejected > 0) services.logger.info(counts, "expiry sweep");
  return counts;
}

async function appendDue(
  services: Services,
  merchantId: string,
  programs: ReadonlyMap<string, Program>,
  cards: readonly CardRecord[],
  counts: { written: number; duplicates: number; rejected: number },
): Promise<void> {
  const now = services.now();
  const events = [];
  for (const card of cards) {
    const program = programs.get(card.programId);
    if (!program) continue;
    for (const due of dueExpiries(program, card.state, now))
      events.push(await expiryEvent(services, card, due));
  }
  if (events.length === 0) return;
  const outcomes = await services.store.appendEvents({
    merchantId,
    events,
    admit: admitEvent,
    now,
  });
  for (const outcome of outcomes) {
    if (outcome.status === "accepted") counts.written += 1;
    else if (outcome.status === "duplicate") counts.duplicates += 1;
    else {
      counts.rejected += 1;
      services.logger.warn({ id: outcome.id, rejection: outcome.rejection }, "expiry refused");
    }
  }
}

function expiryEvent(services: Services, card: CardRecord, due: DueExpiry) {
  const recorded = { id: expiryEventId(due), atMs: due.atMs };
  const about = { programId: card.programId, cardId: card.id };
  return due.type === "stamps.expired"
    ? serverEvent(
        services,
        card.merchantId,
        due.type,
        { ...about, inactiveDays: due.inactiveDays },
        recorded,
      )
    : serverEvent(
        services,
        card.merchantId,
        due.type,
        { ...about, voucherId: due.voucherId },
        recorded,
      );
}
