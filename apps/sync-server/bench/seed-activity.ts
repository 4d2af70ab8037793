import { randomUUID } from "node:crypto";
import {
  cardNumberFor,
  emptyCardState,
  hlcMillis,
  msToIso,
  nodeIdForDevice,
  type Program,
  type StampEvent,
} from "@stamp/core";
import { v7 as uuidv7 } from "uuid";
import { CardNumberTaken } from "../src/storage/card-numbers";
import type { Store } from "../src/storage/store";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const BATCH = 1_000;
/** When people come in: a few before nine, the lunch peak, a smaller one after work (weights). */
const HOURLY = [0, 0, 0, 0, 0, 0, 1, 4, 8, 6, 5, 7, 12, 11, 6, 4, 5, 7, 6, 3, 1, 0, 0, 0];
/** Saturdays are busy, Sundays quiet (0 = Sunday). */
const DAILY = [3, 5, 5, 5, 6, 7, 9];

export interface ActivityPlan {
  readonly merchantId: string;
  readonly program: Program;
  /** The merchant's server device: joins online, API and POS stamps. */
  readonly serverDeviceId: string;
  readonly locationIds: readonly string[];
  readonly events: number;
  readonly cards: number;
  /** The activity ends here (ms) and starts `days` before. */
  readonly end: number;
  readonly days: number;
  /**
   * The share (0–1) of a card's till events made at its home location (where it was enrolled, or
   * one drawn for a card enrolled online); without it every till event is at any location.
   */
  readonly homeShare?: number;
  readonly onProgress?: (appended: number) => void;
}

/** A deterministic pseudo-random source (high bits of an LCG). */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * n);
  };
}

function weighted(pick: (n: number) => number, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let at = pick(total);
  for (let i = 0; i < weights.length; i++) {
    at -= weights[i] as number;
    if (at < 0) return i;
  }
  return weights.length - 1;
}

/** Pairs one till per location straight through the store. */
export async function pairTills(store: Store, plan: ActivityPlan): Promise<string[]> {
  const tills: string[] = [];
  for (const locationId of plan.locationIds) {
    const code = `B${randomUUID()}`;
    const now = Date.now();
    await store.createPairingCode({
      code,
      merchantId: plan.merchantId,
      locationId,
      createdAt: now,
      expiresAt: now + 60_000,
    });
    const claim = await store.claimPairingCode(code, {
      id: randomUUID(),
      name: "Counter till",
      mode: "staff",
      createdAt: now,
    });
    if (!claim.ok) throw new Error(`pairing failed: ${claim.reason}`);
    tills.push(claim.device.id);
  }
  return tills;
}

/**
 * A merchant's history, in time order: customers joining at the tills and online (a card begins
 * with its card.enrolled), stamps on the tills' and the server's channels at realistic hours, one
 * in a hundred undone, most rewards redeemed. `tills`: one paired till per location.
 */
export function* activityEvents(
  plan: ActivityPlan,
  tills: readonly string[],
): Generator<StampEvent> {
  const pick = random(2026);
  const makers = [...tills, plan.serverDeviceId];
  const start = plan.end - plan.days * DAY;
  const { merchantId } = plan;
  const programId = plan.program.id;
  const goal = plan.program.goal;
  const event = (
    fields: Record<string, unknown>,
    deviceId: string,
    cardId: string,
    at: number,
  ): StampEvent =>
    ({
      id: uuidv7({ msecs: at }),
      v: 1,
      hlc: `${msToIso(at)}-0000-${nodeIdForDevice(deviceId)}`,
      deviceId,
      merchantId,
      programId,
      cardId,
      ...fields,
    }) as StampEvent;

  // Each day's share of the events by weekday, at an hour drawn by weight, in time order.
  const dayWeights = Array.from(
    { length: plan.days },
    (_, d) => DAILY[new Date(start + d * DAY).getUTCDay()] as number,
  );
  const weightSum = dayWeights.reduce((a, b) => a + b, 0);
  const cards: {
    id: string;
    home: string;
    stamps: number;
    redeemed: number;
    lastStamp: StampEvent | null;
  }[] = [];
  const joinsPerEvent = plan.cards / plan.events;
  let made = 0;
  for (let d = 0; d < plan.days && made < plan.events; d++) {
    const today = Math.round((plan.events * (dayWeights[d] as number)) / weightSum);
    const times = Array.from(
      { length: today },
      () => start + d * DAY + weighted(pick, HOURLY) * HOUR + pick(HOUR),
    ).sort((a, b) => a - b);
    for (const [i, at] of times.entries()) {
      if (made >= plan.events) break;
      made++;
      const ms = at + (i % 1000);
      const drawn = makers[pick(10) < 8 ? pick(tills.length) : tills.length] as string;
      const onTill = drawn !== plan.serverDeviceId;
      if (
        cards.length === 0 ||
        (cards.length < plan.cards && pick(1_000_000) < joinsPerEvent * 1e6)
      ) {
        const id = randomUUID();
        const home = onTill || plan.homeShare === undefined ? drawn : tills[pick(tills.length)];
        cards.push({ id, home: home as string, stamps: 0, redeemed: 0, lastStamp: null });
        yield event(
          { type: "card.enrolled", source: onTill ? "staff" : "join-page" },
          drawn,
          id,
          ms,
        );
        continue;
      }
      // Regulars come back more often: the newest cards and a steady core.
      const card = cards[
        pick(2) === 0 ? pick(cards.length) : cards.length - 1 - pick(Math.min(cards.length, 500))
      ] as (typeof cards)[number];
      const atHome =
        onTill && plan.homeShare !== undefined && pick(1_000_000) < plan.homeShare * 1e6;
      const deviceId = atHome ? card.home : drawn;
      const roll = pick(100);
      if (roll === 0 && card.lastStamp) {
        yield event(
          { type: "stamps.revoked", targetId: card.lastStamp.id, reason: "Wrong card" },
          deviceId,
          card.id,
          ms,
        );
        card.lastStamp = null;
        card.stamps -= 1;
      } else if (Math.floor(card.stamps / goal) > card.redeemed && roll < 60) {
        card.redeemed += 1;
        const voucherId = `${card.id}:${card.redeemed}`;
        yield event(
          { type: "voucher.redeemed", voucherId, method: "staff" },
          deviceId,
          card.id,
          ms,
        );
      } else {
        const channel = onTill
          ? (["staff", "staff", "kiosk", "autopilot"] as const)[pick(4)]
          : (["receipt", "pos", "api"] as const)[pick(3)];
        const stamp = event({ type: "stamps.added", count: 1, channel }, deviceId, card.id, ms);
        card.lastStamp = stamp;
        card.stamps += 1;
        yield stamp;
      }
    }
  }
}

/**
 * The card row a card.enrolled of the activity makes (what joining makes: no profile yet), with the
 * number of its `attempt` (stamp-core SPEC N3: the next one when another card holds it).
 */
export function activityCard(plan: ActivityPlan, enrolled: StampEvent, ms: number, attempt = 0) {
  const id = enrolled.cardId;
  return {
    id,
    merchantId: plan.merchantId,
    programId: plan.program.id,
    code: `bench-${id}`,
    number: cardNumberFor(id, attempt),
    profile: null,
    createdAt: ms,
    state: emptyCardState(plan.program, id),
  };
}

/**
 * The activity written through the store's own append path (so the dashboard's rollup is kept as
 * in production): each card made by `createCard` with its card.enrolled, the other events
 * appended in time order, a batch of 1,000 at a time.
 */
export async function seedActivity(store: Store, plan: ActivityPlan): Promise<void> {
  const { merchantId } = plan;
  const tills = await pairTills(store, plan);
  let pending: StampEvent[] = [];
  let appended = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const now = pending.reduce((max, e) => Math.max(max, hlcMillis(e.hlc)), 0);
    await store.appendEvents({ merchantId, events: pending, admit: () => null, now });
    appended += pending.length;
    plan.onProgress?.(appended);
    pending = [];
  };
  for (const event of activityEvents(plan, tills)) {
    if (event.type !== "card.enrolled") {
      pending.push(event);
      if (pending.length === BATCH) await flush();
      continue;
    }
    const ms = hlcMillis(event.hlc);
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await store.createCard(
          activityCard(plan, event, ms, attempt),
          { merchantId, events: [event], admit: () => null, now: ms },
          () => ({ status: 201, body: "{}" }),
        );
        if (answer.kind !== "answer") throw new Error("card not created");
        break;
      } catch (error) {
        // As enrolment does: a number another card holds, so the next attempt's.
        if (!(error instanceof CardNumberTaken)) throw error;
      }
    }
  }
  await flush();
}
