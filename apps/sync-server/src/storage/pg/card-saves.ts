import type { CardWrite } from "../append/card-write";
import { COALESCE_PUSH_JOB } from "../push-job-coalescing";
import { lineTexts, lineTextsArray } from "./line-texts";
import type { PgTx } from "./pg-context";

/**
 * What a batch writes of its changed cards besides their rows (`handOut` writes those, with their
 * passes' versions): the vouchers that changed, snapshots, new passes and push jobs. The cards
 * are held, so none of it waits for the merchant's log row.
 */
export async function saveCards(
  tx: PgTx,
  merchantId: string,
  writes: readonly CardWrite[],
  now: number,
): Promise<void> {
  if (writes.length === 0) return;
  // Sent at once and run in order (the connection pipelines): one round trip.
  const sent: Promise<unknown>[] = [];
  const puts = writes.flatMap((w) =>
    w.vouchers.put.map((voucher) => ({ cardId: w.cardId, voucher })),
  );
  if (puts.length > 0)
    sent.push(
      tx.query(
        "cards-voucher-put",
        `INSERT INTO card_vouchers (card_id, cycle, body, code)
           SELECT * FROM unnest($1::text[], $2::int[], ${lineTextsArray("$3")}, $4::text[])
           ON CONFLICT (card_id, cycle) DO UPDATE SET body = excluded.body, code = excluded.code`,
        [
          puts.map((p) => p.cardId),
          puts.map((p) => p.voucher.cycle),
          lineTexts(puts.map((p) => JSON.stringify(p.voucher))),
          puts.map((p) => p.voucher.code ?? null),
        ],
      ),
    );
  const drops = writes.filter((w) => w.vouchers.dropAbove !== null);
  if (drops.length > 0)
    sent.push(
      tx.query(
        "cards-voucher-drop",
        `DELETE FROM card_vouchers v USING unnest($1::text[], $2::int[]) AS u(card_id, keep)
           WHERE v.card_id = u.card_id AND v.cycle > u.keep`,
        [drops.map((w) => w.cardId), drops.map((w) => w.vouchers.dropAbove)],
      ),
    );
  sent.push(...saveSnapshots(tx, writes));
  const created = writes.flatMap((w) => (w.pass?.kind === "create" ? [{ w, pass: w.pass }] : []));
  if (created.length > 0)
    sent.push(
      tx.query(
        "passes-create",
        `INSERT INTO wallet_passes (card_id, merchant_id, auth_token)
           SELECT u.card_id, $1, u.token FROM unnest($2::text[], $3::text[]) AS u(card_id, token)`,
        [merchantId, created.map((c) => c.w.cardId), created.map((c) => c.pass.authToken)],
      ),
    );
  const pushed = writes.filter((w) => w.push).map((w) => w.cardId);
  if (pushed.length > 0)
    sent.push(
      tx.query(
        "passes-push",
        `INSERT INTO wallet_push_jobs
             (card_id, merchant_id, generation, status, attempts, due_at, locked_until)
           SELECT u.card_id, $1, 1, 'pending', 0, $2, 0 FROM unnest($3::text[]) AS u(card_id)
           ${COALESCE_PUSH_JOB}`,
        [merchantId, now, pushed],
      ),
    );
  await Promise.all(sent);
}

/**
 * The plan's snapshot writes, set-based: stale ones dropped, new ones kept, old ones pruned. The
 * statements, sent at once, run in that order.
 */
function saveSnapshots(tx: PgTx, writes: readonly CardWrite[]): Promise<unknown>[] {
  const sent: Promise<unknown>[] = [];
  const drops = writes.flatMap((w) =>
    w.snapshots.dropFrom === null ? [] : [{ cardId: w.cardId, from: w.snapshots.dropFrom }],
  );
  if (drops.length > 0)
    sent.push(
      tx.query(
        "snapshots-drop",
        `DELETE FROM card_snapshots s USING unnest($1::text[], $2::int[]) AS u(card_id, from_count)
           WHERE s.card_id = u.card_id AND s.event_count >= u.from_count`,
        [drops.map((d) => d.cardId), drops.map((d) => d.from)],
      ),
    );
  const taken = writes.flatMap((w) => w.snapshots.take.map((take) => ({ cardId: w.cardId, take })));
  const pruned = writes.flatMap((w) =>
    w.snapshots.pruneBelow === null ? [] : [{ cardId: w.cardId, below: w.snapshots.pruneBelow }],
  );
  if (taken.length === 0) return sent;
  sent.push(
    tx.query(
      "snapshots-put",
      `INSERT INTO card_snapshots (card_id, event_count, last_hlc, last_id, state)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], ${lineTextsArray("$5")})
         ON CONFLICT (card_id, event_count) DO UPDATE SET last_hlc = excluded.last_hlc,
           last_id = excluded.last_id, state = excluded.state`,
      [
        taken.map((t) => t.cardId),
        taken.map((t) => t.take.eventCount),
        taken.map((t) => t.take.lastHlc),
        taken.map((t) => t.take.lastId),
        lineTexts(taken.map((t) => t.take.state)),
      ],
    ),
    tx.query(
      "snapshots-prune",
      `DELETE FROM card_snapshots s USING unnest($1::text[], $2::int[]) AS u(card_id, below)
         WHERE s.card_id = u.card_id AND s.event_count < u.below`,
      [pruned.map((p) => p.cardId), pruned.map((p) => p.below)],
    ),
  );
  return sent;
}
