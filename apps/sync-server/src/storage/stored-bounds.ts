/**
 * How much of each thing a client can make the server keep (issue 10 §4). Every adapter enforces
 * these inside the write that would pass them, so they hold when requests race; the contract suite
 * (`contract/`) checks each on every adapter. Names, profiles and texts are bounded by their
 * schemas (stamp-core `NON_EMPTY_TEXT`), events per sync request by `MAX_PUSHED_EVENTS`.
 */

/** Wallet devices registered for one pass: a phone and a watch, with room to spare. The oldest goes first. */
export const MAX_REGISTRATIONS_PER_PASS = 10;

/** Pairing codes waiting (unused, unexpired) at one location; more are refused until one is used or expires. */
export const MAX_OPEN_PAIRING_CODES_PER_LOCATION = 10;

/** Used or expired pairing codes are forgotten this long after they expire. */
export const PAIRING_CODE_RETENTION_MS = 86_400_000;

/** Active (unrevoked) API keys of one merchant; more are refused until one is revoked. */
export const MAX_ACTIVE_API_KEYS_PER_MERCHANT = 20;

/** Revoked API keys kept (so their use is answered `api-key-revoked`); the oldest go first. */
export const MAX_REVOKED_API_KEYS_PER_MERCHANT = 100;

/** Admin sessions of one account (browsers signed in); a new login ends the oldest. */
export const MAX_SESSIONS_PER_ADMIN = 20;

/** Webhook endpoints and REST hooks of one merchant; more are refused until one is deleted. */
export const MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT = 20;

/** Deliveries kept per endpoint as its log; older finished ones go first. */
export const MAX_DELIVERIES_KEPT_PER_ENDPOINT = 1_000;

/** Restore links waiting per card; a new request retires the oldest. */
export const MAX_RESTORE_LINKS_PER_CARD = 3;

/** Invitations waiting (unaccepted, unexpired) per merchant; more are refused until one is used or revoked. */
export const MAX_OPEN_INVITATIONS_PER_MERCHANT = 20;

/** Password-reset links waiting per account; a new request retires the oldest. */
export const MAX_OPEN_RESETS_PER_ADMIN = 3;
