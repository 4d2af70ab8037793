/**
 * The dashboard's rollup tables, each keyed by merchant: what a rebuild clears before it reads the
 * log again (both adapters; a table added to the rollup goes here or a rebuild double-counts it).
 */
export const ROLLUP_TABLES = [
  "insight_hours",
  "insight_days",
  "insight_cards",
  "insight_revoked",
  "insight_rewards",
] as const;
