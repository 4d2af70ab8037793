import type { Program, StampEvent, Voucher } from "@stamp/core";
import type { CardAtHand } from "../append/plan-append";
import type { CardStateCache } from "../card-state-cache";
import { decodeCardState } from "../card-state-json";
import type { EventOwner } from "../store";
import type { PgTx } from "./pg-context";

interface CardRow {
  readonly id: string;
  readonly program_id: string;
  readonly state: string;
  readonly vouchers_version: number;
  readonly pass_fingerprint: string | null;
  readonly pass_updated_at: number | null;
  readonly created_at: number;
  readonly listening: boolean;
}

/**
 * The merchant's cards of the ids `$2` with what their passes show, held to the commit in id
 * order: the ids sorted, each card looked up by its primary key and locked (the lateral read,
 * which OFFSET 0 keeps from being merged into a join). Given `c.id = ANY($2)` next to
 * `c.merchant_id = $1`, the plan PostgreSQL keeps for the prepared statement could probe
 * `cards_merchant_created` (merchant, created, id) once per id, each probe reading every card of
 * the merchant (23-29 ms of its CPU for a 400-card batch of a 1,000-card shop, growing with the
 * shop), and its first plans scan the merchant's cards; joined from `unnest`, those first plans
 * hash the merchant's cards (issue 13). The merchant is tested in the lateral read, so a card
 * of another merchant a batch names is neither read nor locked: one tenant's batch never holds
 * another's card. Only the locked rows are read as they are after a wait for their lock: the
 * rest of the statement reads what committed before it began, so what another batch of the card
 * committed meanwhile (its scopes) is read by a statement sent behind this one
 * (`readScopePlaces`), not joined here.
 */
const CARDS = `SELECT c.id, c.program_id, c.state, c.vouchers_version, c.pass_fingerprint,
         c.pass_updated_at, c.created_at,
         (p.google_object = 1 OR EXISTS
           (SELECT 1 FROM wallet_registrations r WHERE r.card_id = c.id)) AS listening
  FROM (SELECT id FROM unnest($2::text[]) AS id ORDER BY id) AS u
    CROSS JOIN LATERAL (SELECT c.id, c.program_id, c.state, c.vouchers_version,
        c.pass_fingerprint, c.pass_updated_at, c.created_at
      FROM cards c WHERE c.id = u.id AND c.merchant_id = $1 OFFSET 0 FOR NO KEY UPDATE) AS c
    LEFT JOIN wallet_passes p ON p.card_id = c.id`;

/**
 * The cards with what their passes show, held to the commit in id order (one statement locks
 * and reads them: issue 13), their vouchers versions as read and when they were made (a card of no
 * location is new for a while: `planScopeWrites`); vouchers are read only for states not in
 * `states` (the card-state cache: a busy card's state is there, so the read is rare).
 */
export async function readCards(
  tx: PgTx,
  states: CardStateCache,
  merchantId: string,
  ids: string[],
) {
  const rows = await tx.query<CardRow>("log-cards", CARDS, [merchantId, ids]);
  const cached = new Map(
    rows.map((row) => [row.id, states.get(row.id, row.state, row.vouchers_version)]),
  );
  const uncached = rows.filter((row) => cached.get(row.id) === undefined).map((row) => row.id);
  const vouchers =
    uncached.length === 0
      ? new Map<string, Voucher[]>()
      : bodiesByCard<Voucher>(
          await tx.query<CardBody>(
            "log-vouchers",
            "SELECT card_id, body FROM card_vouchers WHERE card_id = ANY($1::text[]) ORDER BY card_id, cycle",
            [uncached],
          ),
        );
  const found = new Map<string, CardAtHand | null>(ids.map((id) => [id, null]));
  for (const row of rows)
    found.set(row.id, {
      programId: row.program_id,
      state:
        cached.get(row.id) ??
        decodeCardState(row.state, vouchers.get(row.id) ?? [], {
          cardId: row.id,
          programId: row.program_id,
          merchantId,
        }),
      pass:
        row.pass_fingerprint === null
          ? null
          : {
              fingerprint: row.pass_fingerprint,
              updatedAt: row.pass_updated_at as number,
              listening: row.listening,
            },
    });
  return {
    cards: found,
    versions: new Map(rows.map((row) => [row.id, row.vouchers_version])),
    created: new Map(rows.map((row) => [row.id, row.created_at])),
  };
}

/** The merchant's programs of the ids, null where it has none. */
export async function readPrograms(tx: PgTx, merchantId: string, ids: string[]) {
  const rows = await tx.query<{ id: string; body: string }>(
    "log-programs",
    "SELECT id, body FROM programs WHERE merchant_id = $1 AND id = ANY($2::text[])",
    [merchantId, ids],
  );
  const found = new Map<string, Program | null>(ids.map((id) => [id, null]));
  for (const row of rows) found.set(row.id, JSON.parse(row.body) as Program);
  return found;
}

/** The merchant's events of the ids (those the batch's revocations name): their cards and types. */
export async function readOwners(tx: PgTx, merchantId: string, ids: string[]) {
  const found = new Map<string, EventOwner | null>(ids.map((id) => [id, null]));
  if (ids.length === 0) return found;
  const rows = await tx.query<EventOwner & { id: string }>(
    "log-owners",
    `SELECT id, card_id AS "cardId", type FROM events
       WHERE merchant_id = $1 AND id = ANY($2::text[])`,
    [merchantId, ids],
  );
  for (const { id, cardId, type } of rows) found.set(id, { cardId, type });
  return found;
}

/** The stored bodies of the events of the ids already stored (a batch's resends). */
export async function readStored(tx: PgTx, ids: string[]) {
  const rows = await tx.query<{ id: string; body: string }>(
    "log-stored",
    "SELECT id, body FROM events WHERE id = ANY($1::text[])",
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.body]));
}

/** Every stored event of the cards, by card (for a refold). */
export async function readCardEvents(tx: PgTx, cardIds: string[]) {
  return bodiesByCard<StampEvent>(
    await tx.query<CardBody>(
      "log-card-events",
      "SELECT card_id, body FROM events WHERE card_id = ANY($1::text[])",
      [cardIds],
    ),
  );
}

/** A row of a card's JSON texts (its vouchers, its events). */
interface CardBody {
  readonly card_id: string;
  readonly body: string;
}

/** The rows' bodies parsed, by card, each card's in the rows' order. */
function bodiesByCard<T>(rows: readonly CardBody[]): Map<string, T[]> {
  const found = new Map<string, T[]>();
  for (const row of rows) {
    const list = found.get(row.card_id) ?? [];
    list.push(JSON.parse(row.body) as T);
    found.set(row.card_id, list);
  }
  return found;
}
