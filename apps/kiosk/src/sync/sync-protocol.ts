import { parseEvent, type StampEvent } from "@stamp/core";
import type { HttpResult } from "../api/http";
import type { RejectedEvent } from "../storage/db";
import { serverTimeMs } from "./clock-skew";

/** The server takes at most 1000; 500 keeps one request well under body limits and quick to retry. */
export const PUSH_BATCH = 500;

export interface SyncRequest {
  readonly cursor: string | null;
  readonly events: readonly StampEvent[];
  /** Our wall clock when sending, so the merchant can see a skewed device too. */
  readonly deviceTime: string;
}

export interface Rejection {
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

export interface SyncAnswer {
  readonly accepted: readonly string[];
  readonly duplicates: readonly string[];
  readonly rejected: readonly Rejection[];
  readonly events: readonly StampEvent[];
  readonly cursor: string | null;
  readonly more: boolean;
  readonly serverTimeMs: number | null;
}

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
  | { readonly kind: "incompatible"; readonly reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function ids(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((id) => typeof id === "string") ? value : null;
}

function rejections(value: unknown): Rejection[] | null {
  if (!Array.isArray(value)) return null;
  const out: Rejection[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.id !== "string") return null;
    out.push({
      id: item.id,
      code: typeof item.code === "string" ? item.code : "rejected",
      message: typeof item.message === "string" ? item.message : "",
    });
  }
  return out;
}

/**
 * Checks a sync answer in full before anything is stored. An event this version cannot parse
 * fails the whole page: skipping it would move the cursor past it for good (RxDB #6684).
 * Pulled events whose ids are in `echo` (our own pushes coming back) are already in the local
 * log: they are dropped unread, which halves the parsing of a backlog.
 */
export function parseSyncAnswer(
  body: unknown,
  echo: ReadonlySet<string> = new Set(),
): { ok: true; answer: SyncAnswer } | { ok: false; reason: string } {
  if (!isRecord(body)) return { ok: false, reason: "answer is not an object" };
  const accepted = ids(body.accepted);
  const duplicates = ids(body.duplicates);
  const rejected = rejections(body.rejected);
  if (!accepted || !duplicates || !rejected)
    return { ok: false, reason: "accepted/duplicates/rejected missing" };
  if (!Array.isArray(body.events)) return { ok: false, reason: "events missing" };
  if (body.cursor !== null && typeof body.cursor !== "string")
    return { ok: false, reason: "cursor missing" };
  const events: StampEvent[] = [];
  for (const raw of body.events) {
    const id = isRecord(raw) && typeof raw.id === "string" ? raw.id : "?";
    if (echo.has(id)) continue;
    const parsed = parseEvent(raw);
    if (!parsed.ok) {
      const issue = parsed.issues[0];
      return { ok: false, reason: `event ${id}: ${issue?.path} ${issue?.message}` };
    }
    events.push(parsed.value);
  }
  return {
    ok: true,
    answer: {
      accepted,
      duplicates,
      rejected,
      events,
      cursor: body.cursor,
      more: body.more === true,
      serverTimeMs: serverTimeMs(body.serverTime),
    },
  };
}

export function classifySyncResult(
  result: HttpResult,
  echo: ReadonlySet<string> = new Set(),
): SyncStep {
  switch (result.kind) {
    case "ok": {
      const parsed = parseSyncAnswer(result.body, echo);
      return parsed.ok
        ? { kind: "answer", answer: parsed.answer }
        : { kind: "incompatible", reason: parsed.reason };
    }
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
  for (const id of [...answer.accepted, ...answer.duplicates]) if (byId.has(id)) settled.add(id);
  const rejected: RejectedEvent[] = [];
  for (const r of answer.rejected) {
    const event = byId.get(r.id);
    if (!event) continue;
    settled.add(r.id);
    rejected.push({ id: r.id, event, code: r.code, message: r.message, rejectedAt: nowMs });
  }
  const pulled = answer.events.filter((e) => !byId.has(e.id));
  return { settled: [...settled], rejected, pulled };
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
