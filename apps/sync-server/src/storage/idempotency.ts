import type { Answer, IdempotencyKey, StoredResponse } from "./store";

/** Kept answers outlive any sane client retry, then make room. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/** An answer kept under a key, as stored. */
export interface KeptAnswer {
  readonly requestHash: string;
  readonly status: number;
  readonly response: string;
}

/**
 * What a request under an Idempotency-Key gets when an answer is already kept: the first answer
 * again for the same body, a refusal for another body.
 */
export function replay(kept: KeptAnswer, idempotency: IdempotencyKey): Answer {
  if (kept.requestHash !== idempotency.requestHash) return { kind: "key-reused" };
  return { kind: "answer", response: { status: kept.status, body: kept.response } };
}

/** The row that keeps a fresh answer; only successful answers are kept, so a refusal can be retried. */
export function answerToKeep(
  merchantId: string,
  idempotency: IdempotencyKey | undefined,
  response: StoredResponse,
  now: number,
) {
  if (!idempotency || response.status >= 300) return null;
  return {
    merchantId,
    key: idempotency.key,
    requestHash: idempotency.requestHash,
    status: response.status,
    response: response.body,
    createdAt: now,
  };
}

/** A write's answer and whether its transaction commits (an answer that refuses rolls it back). */
export interface Work {
  readonly response: StoredResponse;
  readonly commit: boolean;
}

/** Thrown inside a transaction to undo it while still answering the request. */
export class Rollback {
  constructor(readonly response: StoredResponse) {}
}
