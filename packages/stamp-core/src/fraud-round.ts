import {
  directFraudFlags,
  type FraudFlag,
  type FraudInput,
  fraudTallies,
  MAX_FLAGGED_ITEMS,
  overLimit,
} from "./fraud-flags";

/** What one round of an incremental scan raises, and the counts it leaves for the next (F7). */
export interface FraudRound {
  /** The flags its events raise, by key. */
  readonly flags: FraudFlag[];
  /** Every window its events count in, with the counts of earlier rounds added (F2, F3, F5). */
  readonly tallies: FraudFlag[];
}

const byKey = (a: FraudFlag, b: FraudFlag) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The windows of `fresh` with the counts `saved` kept for the same keys added: counts sum, the
 * items follow the saved ones (at most MAX_FLAGGED_ITEMS), the first location found stays.
 */
export function addTallies(saved: readonly FraudFlag[], fresh: readonly FraudFlag[]): FraudFlag[] {
  const before = new Map(saved.map((tally) => [tally.key, tally]));
  return fresh.map((tally) => {
    const earlier = before.get(tally.key);
    if (!earlier) return tally;
    return {
      ...tally,
      locationId: earlier.locationId ?? tally.locationId,
      count: earlier.count + tally.count,
      items: [...earlier.items, ...tally.items].slice(0, MAX_FLAGGED_ITEMS),
    };
  });
}

/**
 * One round over the events new since the last (F7): the direct flags they raise (F1, F4, F6) and
 * the windows their counts, added to the `saved` ones of those windows, take over a limit.
 */
export function fraudRound(input: FraudInput, saved: readonly FraudFlag[]): FraudRound {
  const tallies = addTallies(saved, fraudTallies(input));
  const flags = [
    ...directFraudFlags(input),
    ...tallies.filter((tally) => overLimit(tally, input.thresholds)),
  ];
  return { flags: flags.sort(byKey), tallies };
}

/**
 * The flags a stretch of the log raises (SPEC F0–F6). Pure: the same input, in any order, gives
 * the same flags; more events never take a flag away.
 */
export function fraudFlags(input: FraudInput): FraudFlag[] {
  return fraudRound(input, []).flags;
}
