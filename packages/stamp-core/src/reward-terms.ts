import type { Program, Reward, RewardHistory } from "./program";

/**
 * The reward in force for a program version (SPEC T2): the first earlier reward still in force at
 * `version`, else the current one. An event from before versions were recorded reads as version 1.
 */
export function rewardAt(program: Program, version: number | undefined): Reward {
  const wanted = version ?? 1;
  const history = program.rewardHistory;
  if (history) for (const entry of history) if (entry.untilVersion >= wanted) return entry.reward;
  return program.reward;
}

/** Key order-independent JSON, so that two equal rewards compare equal however they were built. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function sameReward(a: Reward, b: Reward): boolean {
  return stableJson(a) === stableJson(b);
}

/**
 * The program as saved over `before` (SPEC T2): the stored history, plus `before`'s reward when
 * `next` changes it. Whatever history `next` itself carries is ignored; only the server keeps it.
 */
export function withRewardHistory(before: Program, next: Program): Program {
  const kept: RewardHistory = before.rewardHistory ?? [];
  const history: RewardHistory = sameReward(before.reward, next.reward)
    ? kept
    : [...kept, { untilVersion: before.version, reward: before.reward }];
  const { rewardHistory: _ignored, ...rest } = next;
  return history.length === 0 ? rest : { ...rest, rewardHistory: history };
}
