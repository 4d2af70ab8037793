import { parseHlc, receive, type StampEvent } from "@stamp/core";
import type { HttpResult } from "../api/http";
import type { StampDb } from "../storage/db";
import { loadClock } from "../storage/event-writer";
import type { Durable } from "../storage/storage-guard";
import { measureSkew } from "./clock-skew";
import {
  anotherRound,
  classifySyncResult,
  PUSH_BATCH,
  type SyncRequest,
  settle,
  smallerBatch,
} from "./sync-protocol";

export interface SyncDeps {
  readonly db: StampDb;
  readonly durable: Durable;
  readonly deviceId: string;
  readonly post: (request: SyncRequest) => Promise<HttpResult>;
  /** Pulled events, after they are durable, for the cards in memory. */
  readonly onPulled: (events: readonly StampEvent[]) => void;
  /** Some of our events were rejected and removed from the local log: refold. */
  readonly onRejected: () => void;
  readonly now: () => number;
}

export type SyncOutcome =
  | {
      readonly kind: "synced";
      readonly pushed: number;
      readonly pulled: number;
      readonly skewMs: number | null;
    }
  | { readonly kind: "unpaired"; readonly message: string }
  | { readonly kind: "failed"; readonly reason: string; readonly retryAfterMs: number | null };

/**
 * One sync run: push the outbox oldest first in batches and pull with the server cursor until
 * the server has nothing more and the outbox is drained. Each answer is stored in ONE
 * transaction: outbox removals, rejections, pulled events, the new cursor and the clock, so a
 * crash can never keep a cursor without its events (PouchDB #1240).
 */
export async function syncOnce(deps: SyncDeps): Promise<SyncOutcome> {
  const { db, durable, now } = deps;
  let batchSize = PUSH_BATCH;
  let pushed = 0;
  let pulled = 0;
  let skewMs: number | null = null;
  let restarted = false;
  for (;;) {
    const { cursor, batch } = await durable(async () => {
      const row = await db.meta.get("cursor");
      const events = await db.outbox.orderBy(":id").limit(batchSize).toArray();
      return { cursor: row?.key === "cursor" ? row.value : null, batch: events };
    });
    const sentAt = now();
    const step = classifySyncResult(
      await deps.post({ cursor, events: batch, deviceTime: new Date(sentAt).toISOString() }),
    );
    const receivedAt = now();
    switch (step.kind) {
      case "answer": {
        const { answer } = step;
        const result = settle(batch, answer, receivedAt);
        await durable(() =>
          db.transaction("rw", [db.outbox, db.log, db.rejected, db.meta], async () => {
            await db.outbox.bulkDelete([...result.settled]);
            if (result.rejected.length > 0) {
              await db.rejected.bulkPut([...result.rejected]);
              // The server's state never counts them, so neither may ours.
              await db.log.bulkDelete(result.rejected.map((r) => r.id));
            }
            if (result.pulled.length > 0) await db.log.bulkPut([...result.pulled]);
            await db.meta.put({ key: "cursor", value: answer.cursor });
            const newest = result.pulled.reduce<string | null>(
              (max, e) => (max === null || e.hlc > max ? e.hlc : max),
              null,
            );
            const remote = newest === null ? null : parseHlc(newest);
            if (remote) {
              const clock = await loadClock(db, deps.deviceId);
              await db.meta.put({ key: "clock", value: receive(clock, remote, receivedAt).clock });
            }
            if (answer.serverTimeMs !== null)
              skewMs = measureSkew(answer.serverTimeMs, sentAt, receivedAt);
            await db.meta.put({ key: "lastSync", value: { at: receivedAt, skewMs } });
          }),
        );
        pushed += result.settled.length;
        pulled += result.pulled.length;
        if (result.pulled.length > 0) deps.onPulled(result.pulled);
        if (result.rejected.length > 0) deps.onRejected();
        const goOn = anotherRound(answer, batch.length, batchSize, result.settled.length);
        if (!goOn) return { kind: "synced", pushed, pulled, skewMs };
        break;
      }
      case "cursor-ahead":
        // Once per run: a server that keeps saying so is broken, and the backoff takes over.
        if (restarted)
          return { kind: "failed", reason: "server cursor keeps moving back", retryAfterMs: null };
        restarted = true;
        await durable(() => db.meta.put({ key: "cursor", value: null }));
        break;
      case "too-large": {
        const smaller = smallerBatch(batchSize);
        if (smaller === null)
          return { kind: "failed", reason: "server refuses even one event", retryAfterMs: null };
        batchSize = smaller;
        break;
      }
      case "unpaired":
        return { kind: "unpaired", message: step.message };
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
}
