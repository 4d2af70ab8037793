/**
 * The condition "the merchant's cards of these ids" on `cards c`: `ids` and `merchantId` are the
 * statement's parameters (`ids` a JSON array). The cards are found by their primary key
 * (`SEARCH c USING INDEX sqlite_autoindex_cards_1 (id=?)`); the `+` keeps the merchant's indexes
 * out of the plan. Without it SQLite, which has no statistics of these tables, takes a merchant
 * index and walks every card of the merchant for each list of ids: a compact pull per card, a
 * batch's card read, and a campaign step (~265 ms a 500-card step at 100,000 cards, most of the
 * SQLite fan-out's CPU). Every read or write of a merchant's cards by id goes through here.
 */
export function merchantCardsById(ids: string, merchantId: string): string {
  return `c.id IN (SELECT value FROM json_each(${ids})) AND +c.merchant_id = ${merchantId}`;
}
