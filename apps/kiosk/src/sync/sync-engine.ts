import { isoToMs, type StampEvent } from "@stamp/core";
import {
  offeredStream,
  offeredWait,
  offeredWaitAfter,
  type ProtocolMismatch,
  viewNarrowed,
} from "@stamp/wire-protocol";
import type { HttpResult } from "../api/http";
import { compactStores, forgetPositions } from "../storage/compact-store";
import type { StampDb } from "../storage/db";
import { classifyStorageError } from "../storage/storage-failure";
import type { Durable } from "../storage/storage-guard";
import { measureSkew } from "./clock-skew";
import { redateHeldEvents } from "./held-events";
import { OutboxReader } from "./outbox-reader";
import { type AnswerStream, type HeldStream, type Push, send, streamed } from "./round-request";
import { storeAnswer } from "./store-answer";
import {
  anotherRound,
  classifySyncResult,
  PUSH_BATCH,
  type SyncRequest,
  smallerBatch,
} from "./sync-protocol";

/** How the server offered to hold this device's next pull (wire protocol `pull-wait`). */
export interface PullWaitOffer {
  readonly seconds: number;
  /** Streamed: one request the server answers each change of the scope on (`pull-stream`). */
  readonly stream: boolean;
}

/** A run that may wait on the server (the long-poll, or its stream). */
export interface PullWaitRequest extends PullWaitOffer {
  /** Gives up on the held pull: a new event is to be sent, or the network went. */
  readonly signal: AbortSignal;
}

/** What a run reports of each answer it stored. */
export type Synced = Extract<SyncOutcome, { kind: "synced" }>;

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
  /** Sends a held pull the server streams; `signal` leaves the stream. Absent: none is streamed. */
  readonly openStream?: (request: SyncRequest, signal: AbortSignal) => AnswerStream;
  /**
   * Each answer of a stream, once stored: a stream is many rounds' answers in one run, each told
   * as a run's end tells its own.
   */
  readonly onStreamed?: (outcome: Synced) => void;
  /** Ask the server to hold the run's first pull when there is nothing to push. */
  readonly wait?: PullWaitRequest | null;
  /** Pulled events, after they are durable, for the cards in memory. */
  readonly onPulled: (events: readonly StampEvent[]) => void;
  /** Cards the server sent as compact state (SPEC CS4), after they are durable: read them again. */
  readonly onCards: (cardIds: readonly string[]) => void;
  /** Some of our events left the local log (refused, or replaced by re-dated copies): refold their cards. */
  readonly onRejected: (events: readonly StampEvent[]) => void;
  readonly now: () => number;
  /** Events per request: `PUSH_BATCH`, unless a test's backlog is made of small batches. */
  readonly batch?: number;
}

export type SyncOutcome =
  | {
      readonly kind: "synced";
      readonly pushed: number;
      readonly pulled: number;
      readonly skewMs: number | null;
      /** The longest the server will hold this device's next pull; null: poll on a timer. */
      readonly maxWait: number | null;
      /** The server streams that held pull. */
      readonly stream: boolean;
      /** The next held pull not before this long (ms) from now: the server spreads its tills. */
      readonly waitAfterMs: number;
      /**
       * False: nothing heard that was not told already: a held pull this till gave up on (offline,
       * news of its own; then nothing is offered), or a stream that ended (each answer was told).
       */
      readonly answered: boolean;
      /**
       * The run's stream ended silent with not a byte heard (`StreamEnd` "unheard"): something on
       * the way holds its events back, and a stream opened again would be as deaf.
       */
      readonly streamUnheard: boolean;
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
 * One sync run: push the outbox oldest first in batches and pull with the server cursor until
 * the server has nothing more and the outbox is drained. Batches reach the server one after the
 * other (a batch sent before the previous one was stored would make its events late there, each
 * refolding its card), but the next request goes out as soon as an answer is read, before that
 * answer (or the one before it) is stored: the till's storing overlaps the server's work. An
 * answer is only stored after the one before it was, and a failed store ends the run before
 * anything later is kept (a request still out is answered for nothing: its events stay queued and
 * are sent again, as duplicates if the server has them). A full disk ends it as `storage-full`;
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
  let batchSize = deps.batch ?? PUSH_BATCH;
  const outbox = new OutboxReader(db, batchSize);
  let pushed = 0;
  let pulled = 0;
  let skewMs: number | null = null;
  // Until an answer says otherwise, the offer a stream was opened on stands: one that ends with
  // nothing heard is opened again.
  let stream = (deps.wait?.stream ?? false) && deps.openStream !== undefined;
  let maxWait: number | null = stream ? (deps.wait?.seconds ?? null) : null;
  let waitAfterMs = 0;
  let asked = deps.wait ?? null;
  let restarted = false;
  let storing: Promise<unknown> = Promise.resolve();
  let clockChecked = false;
  let cursor = await durable(async () => {
    const row = await db.meta.get("cursor");
    return row?.key === "cursor" ? row.value : null;
  });
  // Sent while the answer before it was stored; null: the next round sends its own.
  let next: Push | null = null;
  // Left whichever way the run ends: a stream never outlives its run (nor holds the sync lock).
  let open: HeldStream | null = null;
  try {
    for (;;) {
      // Only the run's first round may wait on the server.
      const push = next ?? (await send(deps, outbox, batchSize, cursor, asked));
      const { batch, held, sentAt } = push;
      open = push.stream;
      next = null;
      asked = null;
      const response = await push.response;
      const receivedAt = now();
      // Given up on by this till (not a failure): nothing came back, so nothing is stored. A
      // stream that ended is opened again as the last answer offered, after the gap (the moment
      // an answer asked for was its own, long past; the server paces a new stream itself) —
      // unless not a byte of it came: the caller then long-polls (`streamUnheard`).
      if (response.kind === "stream-ended" || (held?.signal.aborted && response.kind !== "ok")) {
        await storing;
        const givenUp = held?.signal.aborted ?? false;
        return {
          kind: "synced",
          pushed,
          pulled,
          skewMs,
          maxWait: givenUp ? null : maxWait,
          stream: !givenUp && stream,
          waitAfterMs: 0,
          answered: false,
          streamUnheard: response.kind === "stream-ended" && response.end === "unheard",
        };
      }
      const step = classifySyncResult(response, new Set(batch.map((e) => e.id)));
      // Anything but an answer to store acts on the outbox and the cursor as stored so far.
      if (step.kind !== "answer") await storing;
      switch (step.kind) {
        case "answer": {
          const { answer } = step;
          maxWait = offeredWait(answer.maxWait);
          stream = maxWait !== null && offeredStream(answer.maxStream) !== null;
          waitAfterMs = offeredWaitAfter(answer.waitAfterMs);
          const serverMs = isoToMs(answer.serverTime);
          // A held pull was answered near its end, not midway through its wait.
          if (serverMs !== null)
            skewMs = measureSkew(serverMs, held ? receivedAt : sentAt, receivedAt);
          // The server never names the cards that left the till's view: it pulls its view anew.
          const narrowed = viewNarrowed(cursor, answer.cursor);
          const offered = {
            skewMs,
            maxWait,
            stream,
            waitAfterMs,
            answered: true,
            streamUnheard: false,
          } as const;
          const onStream = open !== null;
          const store = () =>
            storeAnswer(deps, batch, answer, skewMs, receivedAt, narrowed).then((stored) => {
              pushed += stored.settled;
              pulled += stored.pulled.length;
              if (onStream)
                deps.onStreamed?.({
                  kind: "synced",
                  pushed: stored.settled,
                  pulled: stored.pulled.length,
                  ...offered,
                });
            });
          // The first answer of a run says whether this device's clock is right (again): then the
          // events a wrong clock got refused are made anew and go out in this same run (SPEC H6).
          const checksClock = !clockChecked && skewMs !== null;
          if (checksClock) {
            clockChecked = true;
            await storing;
            storing = store();
            await storing;
            const redated = await redateHeldEvents(db, durable, deps.deviceId, now);
            if (redated.length > 0) {
              deps.onRejected(redated);
              outbox.restart();
            }
          }
          const goOn = narrowed || anotherRound(answer, cursor, outbox.more);
          cursor = narrowed ? null : answer.cursor;
          // A stream goes on by itself, the next page at once after one with `more`; a round of
          // the till's own (events to send, a view to pull anew) leaves it.
          if (open !== null && held !== null && !narrowed && !outbox.more)
            next = streamed(open, held, sentAt);
          else {
            open?.leave.abort();
            if (goOn) next = await send(deps, outbox, batchSize, cursor, null);
          }
          if (!checksClock) {
            // Sent before the answer before this one is stored: a store that takes longer than
            // the server's round holds up the next store, never the next request.
            await storing;
            storing = store();
          }
          if (!goOn && next === null) {
            await storing;
            return { kind: "synced", pushed, pulled, ...offered };
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
    open?.leave.abort();
    // A run never leaves a store running behind it; its failure is the run's failure.
    await storing;
  }
}
