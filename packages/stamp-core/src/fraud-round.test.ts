import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FraudFlag, fraudTallies, type HandAdjustment, type PlacedEvent } from "./fraud-flags";
import { fraudFlags, fraudRound } from "./fraud-round";
import { cardIdFor, seededRandom, shuffle } from "./testing/fixtures";
import {
  DAY,
  eventsOf,
  HOUR,
  hours,
  input,
  MINUTE,
  STAFF_A,
  stamp,
  storyArb,
  tight,
} from "./testing/fraud-story";

const links = [{ staffId: STAFF_A, cardId: cardIdFor(2) }];

/**
 * Rounds over `batches` in turn, as the server runs them: each gets the windows' counts kept by
 * the ones before and the card histories seen so far; answers every key raised and the counts kept.
 */
function inRounds(batches: readonly { events: PlacedEvent[]; adjustments: HandAdjustment[] }[]): {
  keys: Set<string>;
  kept: Map<string, FraudFlag>;
} {
  const keys = new Set<string>();
  const kept = new Map<string, FraudFlag>();
  const seen: PlacedEvent[] = [];
  for (const batch of batches) {
    seen.push(...batch.events);
    const round = fraudRound(
      input(batch.events, {
        adjustments: batch.adjustments,
        cardEvents: [...seen],
        thresholds: tight,
        hours,
        links,
      }),
      [...kept.values()],
    );
    for (const flag of round.flags) keys.add(flag.key);
    for (const tally of round.tallies) kept.set(tally.key, tally);
  }
  return { keys, kept };
}

describe("incremental fraud rounds (SPEC F7)", () => {
  it("F7: a late event is counted in its own window with what earlier rounds counted there", () => {
    const burst = Array.from({ length: 30 }, (_, i) => stamp(DAY + 9 * HOUR + i * 1000));
    const first = fraudRound(input(burst), []);
    expect(first.flags).toEqual([]);
    expect(first.tallies.find((t) => t.reason === "burst-till")?.count).toBe(30);
    // A till that was offline sends one more stamp of that window a day later.
    const late = stamp(DAY + 9 * HOUR + 5 * MINUTE);
    const second = fraudRound(input([late]), first.tallies);
    expect(second.flags.map((f) => [f.reason, f.count, f.items.length])).toEqual([
      ["burst-till", 31, 31],
    ]);
    expect(second.flags[0]?.key).toBe(fraudFlags(input([...burst, late]))[0]?.key);
  });

  it("F7: rounds over any split of the log, in any order, raise every key one scan of it raises", () => {
    fc.assert(
      fc.property(
        storyArb,
        fc.integer(),
        fc.array(fc.nat(3), { maxLength: 120 }),
        (story, seed, roundOf) => {
          const events = shuffle(eventsOf(story), seededRandom(seed));
          const adjustments = story.map((s, i) => ({
            id: `adj-${i}`,
            at: DAY + s.minute * MINUTE,
            actorId: s.till,
            cardId: null,
          }));
          const batches = [0, 1, 2, 3].map((r) => ({
            events: events.filter((_, i) => (roundOf[i] ?? 0) === r),
            adjustments: adjustments.filter((_, i) => (roundOf[i] ?? 0) === r),
          }));
          const whole = input(events, {
            adjustments,
            cardEvents: events,
            thresholds: tight,
            hours,
            links,
          });
          const { keys, kept } = inRounds(batches);
          const once = fraudFlags(whole).map((f) => f.key);
          for (const key of once) expect(keys.has(key)).toBe(true);
          // Only F6 may raise more: a voucher flagged when its last stamp then known was the
          // redeemer's stays flagged when an earlier-made stamp of another turns up later.
          const more = [...keys].filter((key) => !once.includes(key));
          for (const key of more) expect(key).toMatch(/^quick-redemption:/);
          // The counts kept are the whole log's, window by window.
          for (const tally of fraudTallies(whole))
            expect(kept.get(tally.key)?.count).toBe(tally.count);
        },
      ),
      { numRuns: 200 },
    );
  });
});
