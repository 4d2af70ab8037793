import { parseHlc, receive, type StampEvent } from "@stamp/core";
import { cursorPosition } from "@stamp/wire-protocol";
import { compactStores, placeAcknowledged, storeCompactCard } from "../storage/compact-store";
import { loadClock, storeClock } from "../storage/event-writer";
import { censusStores, countView } from "../storage/view-census";
import { heldEvents, splitRefusals } from "./held-events";
import { removeSettled } from "./settled-removal";
import type { SyncDeps } from "./sync-engine";
import { type SyncAnswer, settle } from "./sync-protocol";

/**
 * Where the server had stored the events an answer acknowledges (SPEC CS3): a last page's cursor
 * is the log's head, read after they were stored; one with more to pull does not say.
 */
function acknowledgedBy(answer: SyncAnswer): number | null {
  if (answer.more) return null;
  const at = cursorPosition(answer.cursor, "");
  return at === "start-over" ? null : at.position;
}

/**
 * Stores one answer in ONE transaction: outbox removals, rejections, pulled events and compact
 * cards, where acknowledged events were stored, the new cursor and the clock, so a crash can never
 * keep a cursor without its events (PouchDB #1240). `narrowed`: the answer was read in a view that
 * need not hold what the till holds (`viewNarrowed`): the till keeps what it was sent but pulls its
 * view from the start (no cursor, no head to fold up to), counting its cards (`countView`).
 */
export async function storeAnswer(
  deps: SyncDeps,
  sent: readonly StampEvent[],
  answer: SyncAnswer,
  skewMs: number | null,
  receivedAt: number,
  narrowed = false,
): Promise<{ settled: number; pulled: readonly StampEvent[]; rejected: number }> {
  const { db } = deps;
  const result = settle(sent, answer, receivedAt);
  let refused: readonly StampEvent[] = [];
  const named = [...answer.cards, ...result.pulled, ...result.acknowledged].map((c) => c.cardId);
  const stores = [db.outbox, db.rejected, ...compactStores(db), ...censusStores(db)];
  await deps.withRoom(() =>
    deps.durable(() =>
      db.transaction("rw", stores, async () => {
        const writes: Promise<unknown>[] = [
          placeAcknowledged(db, result.acknowledged, acknowledgedBy(answer)),
          db.meta.put({ key: "head", value: narrowed ? null : acknowledgedBy(answer) }),
          ...answer.cards.map((card) => storeCompactCard(db, card)),
          removeSettled(db, result.settled),
          db.meta.put({ key: "cursor", value: narrowed ? null : answer.cursor }),
          countView(db, narrowed, named, answer.more),
          db.meta.put({ key: "lastSync", value: { at: receivedAt, skewMs } }),
        ];
        if (result.rejected.length > 0) {
          const alreadyHeld = await heldEvents(db);
          const { hold, refuse } = splitRefusals(result.rejected, alreadyHeld);
          refused = refuse.map((r) => r.event);
          writes.push(db.rejected.bulkPut([...refuse]));
          // The server's state never counts them, so neither may ours.
          writes.push(db.log.bulkDelete(refuse.map((r) => r.id)));
          // A wrong clock's events stay counted here and are sent again, dated anew (SPEC H6).
          if (hold.length > 0)
            writes.push(db.meta.put({ key: "held", value: [...alreadyHeld, ...hold] }));
        }
        if (result.pulled.length > 0) writes.push(db.log.bulkPut([...result.pulled]));
        const heard = [...result.pulled, ...answer.cards.flatMap((card) => card.tail)];
        const newest = heard.reduce<string | null>(
          (max, e) => (max === null || e.hlc > max ? e.hlc : max),
          null,
        );
        const remote = newest === null ? null : parseHlc(newest);
        if (remote) {
          const clock = await loadClock(db, deps.deviceId);
          writes.push(storeClock(db, receive(clock, remote, receivedAt).clock));
        }
        await Promise.all(writes);
      }),
    ),
  );
  if (result.pulled.length > 0) deps.onPulled(result.pulled);
  if (answer.cards.length > 0) deps.onCards(answer.cards.map((card) => card.cardId));
  if (refused.length > 0) deps.onRejected(refused);
  return {
    settled: result.settled.length,
    pulled: result.pulled,
    rejected: result.rejected.length,
  };
}
