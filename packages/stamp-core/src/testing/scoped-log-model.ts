// A model of the server's log as tills of protocol 5 see it (SPEC SC1–SC4, CS1–CS4), for the
// compact-replica property tests: positions, location scopes that cards join when a till of the
// location uses them, late events, and pulls that hand out compact cards instead of histories.
import { type CompactCard, compactCard } from "../compact-card";
import type { StampEvent } from "../events";
import { tooLate } from "../late-events";
import type { Program } from "../program";

interface Logged {
  readonly seq: number;
  readonly event: StampEvent;
  readonly till: number;
  /** More than a tail's worth of its card's events stored earlier sort after it (SPEC CS4). */
  readonly late: boolean;
}

export interface PullAnswer {
  readonly cards: readonly CompactCard[];
  readonly events: readonly StampEvent[];
  readonly cursor: number;
}

export class ScopedLogModel {
  readonly #log: Logged[] = [];
  readonly #ids = new Set<string>();
  /** Location → card → the position where the card joined it (SC1). */
  readonly #joins = new Map<number, Map<string, number>>();

  /**
   * `lateBeyond`: an event later than this many of its card's events goes out compact — the
   * tail's length, as the server does (CS4); a test sets it higher to see tills go wrong.
   */
  constructor(
    readonly program: Program,
    readonly tailEvents: number,
    readonly lateBeyond = tailEvents,
  ) {}

  get head(): number {
    return this.#log.length;
  }

  /** Stores a till's events (duplicates once); the card joins the till's location. */
  append(till: number, location: number, events: readonly StampEvent[]): void {
    for (const event of events) {
      if (this.#ids.has(event.id)) continue;
      this.#ids.add(event.id);
      const seq = this.#log.length + 1;
      const card = this.#log.filter((l) => l.event.cardId === event.cardId);
      const logged = [...card, { seq, event }].map((l) => ({ ...l.event, seq: l.seq }));
      const late = tooLate(logged, new Set([event.id]), this.lateBeyond).size > 0;
      this.#log.push({ seq, event, till, late });
      const joins = this.#joins.get(location) ?? new Map<string, number>();
      this.#joins.set(location, joins);
      if (!joins.has(event.cardId)) joins.set(event.cardId, seq);
    }
  }

  cardEvents(cardId: string): StampEvent[] {
    return this.#log.filter((l) => l.event.cardId === cardId).map((l) => l.event);
  }

  inScope(location: number, cardId: string): boolean {
    return this.#joins.get(location)?.has(cardId) ?? false;
  }

  /** `GET /api/v1/sync/cards/:cardId` of protocol 5 (CS2). */
  fetch(cardId: string): CompactCard {
    const card = compactCard(
      this.program,
      cardId,
      this.head,
      null,
      this.cardEvents(cardId),
      this.tailEvents,
    );
    if (!card) throw new Error("a card's whole history always compacts");
    return card;
  }

  /**
   * A pull of the location's view after `cursor`, less the till's own events: a card that joined
   * the location in that range (its earlier history would come again) or has an event there late
   * by more than a tail (`tooLate`) comes as a compact card instead of its events (CS4).
   */
  pull(till: number, location: number, cursor: number): PullAnswer {
    const joins = this.#joins.get(location) ?? new Map<string, number>();
    const compact = new Set<string>();
    for (const [cardId, at] of joins) if (at > cursor) compact.add(cardId);
    const shown = this.#log.filter((l) => {
      const joined = joins.get(l.event.cardId);
      return l.seq > cursor && joined !== undefined && joined <= l.seq && l.till !== till;
    });
    for (const l of shown) if (l.late) compact.add(l.event.cardId);
    return {
      cards: [...compact].map((cardId) => this.fetch(cardId)),
      events: shown.filter((l) => !compact.has(l.event.cardId)).map((l) => l.event),
      cursor: this.head,
    };
  }
}
