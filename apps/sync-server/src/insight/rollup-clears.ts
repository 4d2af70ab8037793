/**
 * What a rebuild clears of a merchant's rollup before it reads the log again (both adapters;
 * `merchant`: the dialect's parameter, or a quoted id): the rows of its tables, and the rollup kept
 * on its cards' rows. Something added to the rollup goes here or a rebuild double-counts it.
 */
export function rollupClears(merchant: string): string[] {
  return [
    ...["insight_hours", "insight_days", "insight_revoked", "insight_rewards"].map(
      (table) => `DELETE FROM ${table} WHERE merchant_id = ${merchant}`,
    ),
    `UPDATE cards SET insight_enrolled_at = NULL, insight_location_id = '', insight_visits = 0,
       insight_last_visit_at = NULL WHERE merchant_id = ${merchant}`,
  ];
}
