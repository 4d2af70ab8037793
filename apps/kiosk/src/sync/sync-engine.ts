import { isoToMs, parseHlc, receive, type StampEvent } from "@stamp/core";
import {
  cursorPosition,
  offeredWait,
  offeredWaitAfter,
  type ProtocolMismatch,
} from "@stamp/wire-protocol";
import type { HttpResult } from "../api/http";
import {
  compactStores,
  forgetPositions,
  placeAcknowledged,
  storeCompactCard,
} from "../storage/compact-store";
import type { StampDb } from "../storage/db";
import { loadClock } from "../storage/event-writer";
import { classifyStorageError } from "../storage/storage-failure";
import type { Durable } from "../storage/storage-guard";
import { measureSkew } from "./clock-skew";
import { heldEvents, redateHeldEvents, splitRefusals } from "./held-events";
import { OutboxReader } from "./outbox-reader";
import {
  anotherRound,
  classifySyncResult,
  PUSH_BATCH,
  type SyncAnswer,
  type SyncRequest,
  settle,
  smallerBatch,
} from "./sync-protocol";

/** A run that may wait on the server (the long-poll, wire protocol `pull-wait`). */
export interface PullWaitRequest {
  readonly seconds: number;
  /** Gives up on the held pull: a new event is to be sent, or the network went. */
  readonly signal: AbortSignal;
}

export interface SyncDeps {
  readonly db: StampDb;
  readonly durable: Durable;
  /**
   * Runs the write of an answer; on a full disk makes room (folds the log, `LogUpkeep.withRoom`)
   * and writes once more.
   */
  readonly withRoom: <T>(write: () => Promise<T>) => Promise<T>;
  readonly deviceId: string;
  readonly post: (request: SyncRequest, signal?: AbortSignal) => Promise<HttpResult>;
  /** Ask the server to hold the run's first pull when there is nothing to push. */
  readonly wait?: PullWaitRequest | null;
  /** Pulled events, after they are durable, for the cards in memory. */
  readonly onPulled: (events: readonly StampEvent[]) => void;
  /** Cards the server sent as compact state (SPEC CS4), after they are durable: read them again. */
  readonly onCards: (cardIds: readonly string[]) => void;
  /** Some of our events left the local log (refused, or replaced by re-dated copies): refold their cards. */
  readonly onRejected: (events: readonly StampEvent[]) => void;
  readonly now: () => number;
}

export type SyncOutcome =
  | {
      readonly kind: "synced";
      readonly pushed: number;
      readonly pulled: number;
      readonly skewMs: number | null;
      /** The longest the server will hold this device's next pull; null: poll on a timer. */
      readonly maxWait: number | null;
      /** The next held pull not before this long (ms) from now: the server spreads its tills. */
      readonly waitAfterMs: number;
      /** False: a held pull this till gave up on (offline, news of its own); nothing was heard. */
      readonly answered: boolean;
    }
  | { readonly kind: "unpaired"; readonly message: string }
  /** The app (or the server) must be updated first; the outbox stays as it is. */
  | { readonly kind: "outdated"; readonly side: ProtocolMismatch; readonly message: string }
  | { readonly kind: "failed"; readonly reason: string; readonly retryAfterMs: number | null }
  /**
   * An answer could not be stored, even after making room: the device's storage is full. Nothing
   * of it was kept (the cursor stays), stamping goes on from what is stored, and a later run
   * stores it once there is space.
   */
  | { readonly kind: "storage-full" };

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
 * keep a cursor without its events (PouchDB #1240).
 */
async function storeAnswer(
  deps: SyncDeps,
  sent: readonly StampEvent[],
  answer: SyncAnswer,
  skewMs: number | null,
  receivedAt: number,
): Promise<{ settled: number; pulled: readonly StampEvent[]; rejected: number }> {
  const { db } = deps;
  const result = settle(sent, answer, receivedAt);
  let refused: readonly StampEvent[] = [];
  await deps.withRoom(() =>
    deps.durable(() =>
      db.transaction("rw", [db.outbox, db.rejected, ...compactStores(db)], async () => {
        const writes: Promise<unknown>[] = [
          placeAcknowledged(db, result.acknowledged, acknowledgedBy(answer)),
          db.meta.put({ key: "head", value: acknowledgedBy(answer) }),
          ...answer.cards.map((card) => storeCompactCard(db, card)),
          db.outbox.bulkDelete([...result.settled]),
          db.meta.put({ key: "cursor", value: answer.cursor }),
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
          writes.push(
            db.meta.put({ key: "clock", value: receive(clock, remote, receivedAt).clock }),
          );
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

/**
 * One sync run: push the outbox oldest first in batches and pull with the server cursor until
 * the server has nothing more and the outbox is drained. The next request goes out while the
 * previous answer is being stored; an answer is only stored after the one before it was, and a
 * failed store ends the run before anything later is kept. A full disk ends it as `storage-full`;
 * other storage failures are thrown.
 */
export async function syncOnce(deps: SyncDeps): Promise<SyncOutcome> {
  try {
    return await run(deps);
  } catch (error) {
    if (classifyStorageError(error).kind === "quota") return { kind: "storage-full" };
    throw error;
  }
}

async function run(deps: SyncDeps): Promise<SyncOutcome> {
  const { db, durable, now } = deps;
  const outbox = new OutboxReader(db);
  let batchSize = PUSH_BATCH;
  let pushed = 0;
  let pulled = 0;
  let skewMs: number | null = null;
  let maxWait: number | null = null;
  let waitAfterMs = 0;
  let asked = deps.wait ?? null;
  let restarted = false;
  let storing: Promise<unknown> = Promise.resolve();
  let clockChecked = false;
  let cursor = await durable(async () => {
    const row = await db.meta.get("cursor");
    return row?.key === "cursor" ? row.value : null;
  });
  try {
    for (;;) {
      const batch = await durable(() => outbox.take(batchSize));
      // Only a round with nothing to push waits on the server, and only the run's first.
      const held = asked !== null && batch.length === 0 ? asked : null;
      asked = null;
      const sentAt = now();
      const response = await deps.post(
        {
          cursor,
          events: batch,
          deviceTime: new Date(sentAt).toISOString(),
          ...(held ? { wait: held.seconds } : {}),
        },
        held?.signal,
      );
      const receivedAt = now();
      await storing;
      // Given up on by this till (not a failure): nothing came back, so nothing is stored.
      if (held?.signal.aborted && response.kind !== "ok")
        return {
          kind: "synced",
          pushed,
          pulled,
          skewMs,
          maxWait: null,
          waitAfterMs: 0,
          answered: false,
        };
      const step = classifySyncResult(response, new Set(batch.map((e) => e.id)));
      switch (step.kind) {
        case "answer": {
          const { answer } = step;
          maxWait = offeredWait(answer.maxWait);
          waitAfterMs = offeredWaitAfter(answer.waitAfterMs);
          const serverMs = isoToMs(answer.serverTime);
          // A held pull was answered near its end, not midway through its wait.
          if (serverMs !== null)
            skewMs = measureSkew(serverMs, held ? receivedAt : sentAt, receivedAt);
          storing = storeAnswer(deps, batch, answer, skewMs, receivedAt).then((stored) => {
            pushed += stored.settled;
            pulled += stored.pulled.length;
          });
          // The first answer of a run says whether this device's clock is right (again): then the
          // events a wrong clock got refused are made anew and go out in this same run (SPEC H6).
          if (!clockChecked && skewMs !== null) {
            clockChecked = true;
            await storing;
            const redated = await redateHeldEvents(db, durable, deps.deviceId, now);
            if (redated.length > 0) {
              deps.onRejected(redated);
              outbox.restart();
            }
          }
          const goOn = anotherRound(answer, cursor, outbox.more);
          cursor = answer.cursor;
          if (!goOn) {
            await storing;
            return { kind: "synced", pushed, pulled, skewMs, maxWait, waitAfterMs, answered: true };
          }
          break;
        }
        case "cursor-ahead":
          // Once per run: a server that keeps saying so is broken, and the backoff takes over.
          if (restarted)
            return {
              kind: "failed",
              reason: "server cursor keeps moving back",
              retryAfterMs: null,
            };
          restarted = true;
          cursor = null;
          // The server was restored from a backup and may have lost what we sent since: queue every
          // event this till made again (the server keeps the ones it has as duplicates).
          await durable(() =>
            db.transaction("rw", [db.outbox, ...compactStores(db)], async () => {
              const own = await db.log.filter((e) => e.deviceId === deps.deviceId).toArray();
              await db.outbox.bulkPut(own);
              await db.meta.put({ key: "cursor", value: null });
              await forgetPositions(db);
            }),
          );
          outbox.restart();
          break;
        case "too-large": {
          const smaller = smallerBatch(batchSize);
          if (smaller === null)
            return { kind: "failed", reason: "server refuses even one event", retryAfterMs: null };
          batchSize = smaller;
          outbox.putBack(batch);
          break;
        }
        case "unpaired":
          return { kind: "unpaired", message: step.message };
        case "outdated":
          return step;
        case "retry":
          return { kind: "failed", reason: step.reason, retryAfterMs: step.retryAfterMs };
        case "incompatible":
          return { kind: "failed", reason: step.reason, retryAfterMs: null };
        default: {
          const unreachable: never = step;
          return unreachable;
        }
      }
    }
  } finally {
    // A run never leaves a store running behind it; its failure is the run's failure.
    await storing;
  }
}
