import pg from "pg";
import { type CardVisits, NO_VISITS } from "../../insight/card-visits";
import type { CardWrite } from "../append/card-write";
import { advanceLog, type MerchantLog, versionsPasses } from "../append/merchant-log";
import type { NewEvent } from "../append/plan-append";
import {
  NO_LOCATION,
  NO_SCOPE_WRITES,
  regionOfScope,
  type ScopeWrites,
} from "../append/scope-entries";
import { lineTexts, lineTextsArray } from "./line-texts";
import { Contended, type PgTx } from "./pg-context";

/** What `handOut` writes under the merchant's log row. */
export interface HandOut {
  readonly inserts: readonly NewEvent[];
  readonly writes: readonly CardWrite[];
  /**
   * Planned with positions from 1 (`planScopeWrites`), under the merchant's `placesVersion` (see
   * `PlannedScopes`; absent or null: no regions were read).
   */
  readonly scopes: ScopeWrites & { readonly placesVersion?: number | null };
  /** The statement ends the transaction (`PgTx.finish`). */
  readonly finishes: boolean;
  /** A new pass tag is taken (default: when `writes` version a pass). */
  readonly passesMoved?: boolean;
  /** What the batch adds to the cards' visits in the dashboard's rollup (default: nothing). */
  readonly visits?: ReadonlyMap<string, CardVisits>;
}

/** A hand-out of no events that versions passes (a program edit, a campaign step). */
export const moved = (writes: readonly CardWrite[]): HandOut => ({
  inserts: [],
  writes,
  scopes: NO_SCOPE_WRITES,
  finishes: false,
  passesMoved: true,
});

/** An empty log: `advanceLog` from it gives what a write adds to the head and the pass tag. */
const ORIGIN: MerchantLog = { head: 0, passTag: 0, lastHlc: null };

/**
 * Whether the write moves the card's vouchers version: the row's is known from its read in the
 * transaction (the card is held), so the hand-out returns no row per card (issue 13).
 */
export const vouchersMoved = (write: CardWrite): boolean =>
  write.vouchers.put.length > 0 || write.vouchers.dropAbove !== null;

/**
 * The hand-out's steps every batch takes: the log row, the events, the cards, the scope entries.
 * The parameters up to $28 are the same in both statements below.
 */
const HAND_OUT_STEPS = `log AS (
       UPDATE merchant_logs SET head = head + $2, pass_tag = pass_tag + $3,
         last_hlc = CASE WHEN last_hlc IS NULL OR $4 COLLATE "C" > last_hlc COLLATE "C"
           THEN coalesce($4, last_hlc) ELSE last_hlc END,
         places_version = CASE WHEN $28::bigint IS NULL OR places_version = $28
           THEN places_version END
       WHERE merchant_id = $1 RETURNING head - $2 AS base, pass_tag
     ), inserted AS (
       INSERT INTO events
         (seq, id, merchant_id, card_id, device_id, hlc, type, body, received_at, placed_at,
          staff_id)
       SELECT log.base + u.n, u.id, $1, u.card_id, u.device_id, u.hlc, u.type, u.body, $5,
         u.placed_at, u.staff_id
       FROM log, unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
         ${lineTextsArray("$11")}, $12::bigint[], $13::text[])
         WITH ORDINALITY AS u(id, card_id, device_id, hlc, type, body, placed_at, staff_id, n)
     ), saved AS (
       UPDATE cards AS c SET state = u.state, stamps = u.stamps, cycles = u.cycles,
         last_hlc = u.last_hlc, conflicts = u.conflicts, updated_at = $5,
         vouchers_version = c.vouchers_version + u.moved,
         pass_fingerprint = coalesce(u.pass_fingerprint, c.pass_fingerprint),
         pass_updated_at = CASE WHEN u.pass_fingerprint IS NULL THEN c.pass_updated_at
           ELSE greatest(u.pass_updated_at, (c.pass_updated_at / 1000) * 1000 + 1000) END,
         pass_seq = CASE WHEN u.pass_fingerprint IS NULL THEN c.pass_seq ELSE log.pass_tag END,
         insight_visits = c.insight_visits + u.visits,
         insight_last_visit_at = greatest(c.insight_last_visit_at, u.last_visit_at)
       FROM log, unnest($14::text[], ${lineTextsArray("$15")}, $16::int[], $17::int[],
         $18::text[], $19::int[], $20::int[], $21::text[], $22::bigint[], $23::int[], $24::bigint[])
         AS u(id, state, stamps, cycles, last_hlc, conflicts, moved, pass_fingerprint,
           pass_updated_at, visits, last_visit_at)
       WHERE c.id = u.id
     ), entries AS (
       INSERT INTO scope_log (merchant_id, scope, pos, seq)
       SELECT $1, u.scope, log.base + u.pos, log.base + u.seq
       FROM log, unnest($25::text[], $26::bigint[], $27::bigint[]) AS u(scope, pos, seq)
     )`;

/**
 * A batch that joins no card to a scope (most, once a shop's cards have been stamped where they
 * are): without the joins' steps PostgreSQL keeps one plan for the statement after its first
 * five. With them, the plan it would keep guesses ten joins, each bringing a card's every event,
 * and costs more than the plans made for each batch's own numbers, so it planned the whole
 * statement again for (nearly) every batch: 1-3 ms of its CPU a batch (issue 13).
 */
const HAND_OUT = `WITH ${HAND_OUT_STEPS}
     SELECT log.pass_tag FROM log`;

/** The hand-out of a batch that joins cards to scopes: the joins ($29-$32) and their events. */
const HAND_OUT_JOINING = `WITH ${HAND_OUT_STEPS}, joins AS (
       SELECT u.card_id, u.scope, u.region_id, log.base + u.seq AS joined_seq
       FROM log, unnest($29::text[], $30::text[], $31::text[], $32::bigint[])
         AS u(card_id, scope, region_id, seq)
     ), joined AS (
       INSERT INTO card_scopes (card_id, location_id, merchant_id, joined_seq)
       SELECT card_id, scope, $1, joined_seq FROM joins WHERE region_id IS NULL
     ), joined_regions AS (
       INSERT INTO card_regions (card_id, region_id, merchant_id, joined_seq)
       SELECT card_id, region_id, $1, joined_seq FROM joins WHERE region_id IS NOT NULL
     ), brought AS (
       INSERT INTO scope_log (merchant_id, scope, pos, seq)
       SELECT $1, j.scope, j.joined_seq, e.seq
       FROM joins j CROSS JOIN LATERAL (
         SELECT e.seq, e.merchant_id FROM events e WHERE e.card_id = j.card_id OFFSET 0
       ) e
       WHERE e.merchant_id = $1 AND (SELECT 1 FROM scope_log s WHERE s.merchant_id = $1 AND s.scope = '${NO_LOCATION}'
         AND s.pos = e.seq AND s.seq = e.seq LIMIT 1) IS NULL
     )
     SELECT log.pass_tag FROM log`;

/**
 * The one step that takes the merchant's log row, held to the commit: hands out the positions
 * after the head to `inserts` and inserts them, writes the cards of `writes` (their states, their
 * dashboard visits and, where a pass shows something new, its version under the new tag: one
 * write per card), joins
 * cards to locations and regions with their stored events, and writes the scope entries
 * (`scopes`, planned from position 1 on) at those positions — one statement, which commits with
 * it when it `finishes` the transaction: the row is held for one round trip. Positions and tags
 * are committed in the order they are handed out, so a reader that has seen a position has seen
 * every position below it (issue 13 §2). The cards are held, so their stored events are all in
 * the statement's snapshot; a pass's new version still lands a second after the one it finds
 * (a program edit or campaign step may have versioned it since it was read). Gives the tag the
 * passes took. A joining card's stored events are read card by card and
 * each tested by its primary key in the scope everyone reads (the lateral read, which OFFSET 0
 * keeps to the card's index, and the scalar test keep the planner from scanning the merchant's
 * events and its every such entry, once per batch that joins any).
 * A location moved between regions since `scopes` were planned (the log row's
 * `places_version` moved on) fails the statement — its NOT NULL refuses the row — so nothing of the
 * batch commits, even with the COMMIT sent behind it, and the batch is tried again (`Contended`).
 */
export async function handOut(
  tx: PgTx,
  merchantId: string,
  {
    inserts,
    writes,
    scopes,
    finishes,
    passesMoved = versionsPasses(writes),
    visits = new Map<string, CardVisits>(),
  }: HandOut,
  now: number,
): Promise<{ passTag: number }> {
  const delta = advanceLog(ORIGIN, inserts, passesMoved);
  const added = writes.map((w) => visits.get(w.cardId) ?? NO_VISITS);
  const joins = scopes.joins;
  const values = [
    merchantId,
    delta.head,
    delta.passTag,
    delta.lastHlc,
    now,
    inserts.map((r) => r.event.id),
    inserts.map((r) => r.event.cardId),
    inserts.map((r) => r.event.deviceId),
    inserts.map((r) => r.event.hlc),
    inserts.map((r) => r.event.type),
    lineTexts(inserts.map((r) => r.body)),
    inserts.map((r) => r.placedAt),
    inserts.map((r) => r.event.staffId ?? null),
    writes.map((w) => w.cardId),
    lineTexts(writes.map((w) => w.columns.state)),
    writes.map((w) => w.columns.stamps),
    writes.map((w) => w.columns.cycles),
    writes.map((w) => w.columns.lastHlc),
    writes.map((w) => w.columns.conflicts),
    writes.map((w) => (vouchersMoved(w) ? 1 : 0)),
    writes.map((w) => w.pass?.fingerprint ?? null),
    writes.map((w) => (w.pass?.kind === "bump" ? w.pass.updatedAt : now)),
    added.map((v) => v.visits),
    added.map((v) => v.lastVisitAt),
    scopes.entries.map((e) => e.scope),
    scopes.entries.map((e) => e.pos),
    scopes.entries.map((e) => e.seq),
    scopes.placesVersion ?? null,
  ];
  const joining = joins.length > 0;
  const [row] = await (finishes ? tx.finish : tx.query)<{ pass_tag: number }>(
    joining ? "log-hand-out-joining" : "log-hand-out",
    joining ? HAND_OUT_JOINING : HAND_OUT,
    joining
      ? [
          ...values,
          joins.map((j) => j.cardId),
          joins.map((j) => j.scope),
          joins.map((j) => regionOfScope(j.scope)),
          joins.map((j) => j.seq),
        ]
      : values,
  ).catch((error: unknown) => {
    // Another batch (of other cards) took an id since it was looked up: undo, and let the
    // retry answer it as stored.
    if (error instanceof pg.DatabaseError && error.constraint === "events_id_unique")
      throw new Contended("an event id was taken meanwhile");
    if (error instanceof pg.DatabaseError && error.column === "places_version")
      throw new Contended("a location moved between regions meanwhile");
    throw error;
  });
  if (!row) throw new Error(`merchant ${merchantId} has no log row`);
  return { passTag: row.pass_tag };
}
