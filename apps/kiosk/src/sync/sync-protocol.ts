import { firstIssue, type StampEvent } from "@stamp/core";
import {
  MAX_PUSHED_EVENTS,
  type ProtocolMismatch,
  parseSyncAnswer,
  type SyncAnswer,
  type SyncRequest,
} from "@stamp/wire-protocol";
import type { HttpResult } from "../api/http";
import type { RejectedEvent } from "../storage/db";

export type { SyncAnswer, SyncRequest };

/**
 * As many as the server takes (`MAX_PUSHED_EVENTS`): a backlog goes in half the rounds of 500, and
 * each round has costs of its own on both sides (the server's answer and commit, the till's
 * transaction). A stamp is ~380 bytes, 1000 well under the server's 1 MB; a batch of long texts
 * over it is refused (413) and sent again in halves (`smallerBatch`).
 */
export const PUSH_BATCH = MAX_PUSHED_EVENTS;

/** What the engine does next with one sync round trip. */
export type SyncStep =
  | { readonly kind: "answer"; readonly answer: SyncAnswer }
  /** 401: the merchant revoked the device or its token is bad; syncing stops. */
  | { readonly kind: "unpaired"; readonly message: string }
  /** 409 cursor-ahead: the server was restored from a backup; pull again from the start. */
  | { readonly kind: "cursor-ahead" }
  /** 413: the batch was too big for the server; send fewer at once. */
  | { readonly kind: "too-large"; readonly retryAfterMs: number | null }
  | { readonly kind: "retry"; readonly reason: string; readonly retryAfterMs: number | null }
  /** The answer cannot be read by this app version; nothing is stored, the cursor stays. */
  | { readonly kind: "incompatible"; readonly reason: string }
  /** 426 protocol-too-old (or a server older than we read): stop until the app is updated. */
  | { readonly kind: "outdated"; readonly side: ProtocolMismatch; readonly message: string };

export function classifySyncResult(
  result: HttpResult,
  echo: ReadonlySet<string> = new Set(),
): SyncStep {
  switch (result.kind) {
    case "ok": {
      const parsed = parseSyncAnswer(result.body, echo);
      return parsed.ok
        ? { kind: "answer", answer: parsed.value }
        : { kind: "incompatible", reason: firstIssue(parsed.issues) };
    }
    case "outdated":
      return { kind: "outdated", side: result.side, message: result.message };
    case "network":
      return { kind: "retry", reason: result.message, retryAfterMs: null };
    case "error":
      if (result.status === 401) return { kind: "unpaired", message: result.message };
      if (result.status === 409 && result.code === "cursor-ahead") return { kind: "cursor-ahead" };
      if (result.status === 413) return { kind: "too-large", retryAfterMs: result.retryAfterMs };
      // 429, 5xx and anything unexpected: keep the outbox and try again later; never give up.
      return {
        kind: "retry",
        reason: `${result.status} ${result.code}: ${result.message}`,
        retryAfterMs: result.retryAfterMs,
      };
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

export interface Settlement {
  /** Outbox ids the server has answered for: accepted, duplicate or rejected for good. */
  readonly settled: readonly string[];
  /** Sent events the server stored: accepted, or answered as duplicates (SPEC CS3). */
  readonly acknowledged: readonly StampEvent[];
  readonly rejected: readonly RejectedEvent[];
  /** Pulled events not already in the local log (our own pushes come back in the pull). */
  readonly pulled: readonly StampEvent[];
}

/**
 * Decides what one answer changes locally. Rejected events leave the outbox too, so one bad
 * event never jams the queue; ids the server did not mention stay and are sent again.
 */
export function settle(sent: readonly StampEvent[], answer: SyncAnswer, nowMs: number): Settlement {
  const byId = new Map(sent.map((e) => [e.id, e] as const));
  const settled = new Set<string>();
  const acknowledged: StampEvent[] = [];
  for (const id of [...answer.accepted, ...answer.duplicates]) {
    const event = byId.get(id);
    if (!event || settled.has(id)) continue;
    settled.add(id);
    acknowledged.push(event);
  }
  const rejected: RejectedEvent[] = [];
  for (const r of answer.rejected) {
    if (r.id === null) continue;
    const event = byId.get(r.id);
    if (!event) continue;
    settled.add(r.id);
    rejected.push({ id: r.id, event, code: r.code, message: r.message, rejectedAt: nowMs });
  }
  const pulled = answer.events.filter((e) => !byId.has(e.id));
  return { settled: [...settled], acknowledged, rejected, pulled };
}

/**
 * Whether a run goes on after an answer: while there is more to push, or while the server has
 * more to pull and its cursor moved (a server that says "more" without moving cannot spin the
 * loop).
 */
export function anotherRound(
  answer: Pick<SyncAnswer, "more" | "cursor">,
  previousCursor: string | null,
  moreToPush: boolean,
): boolean {
  return moreToPush || (answer.more && answer.cursor !== previousCursor);
}

/** After a 413: half as many events per request, down to one. */
export function smallerBatch(batchSize: number): number | null {
  return batchSize <= 1 ? null : Math.max(1, Math.floor(batchSize / 2));
}
