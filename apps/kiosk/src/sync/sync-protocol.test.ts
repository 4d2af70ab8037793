import { EVENT_VERSION, firstIssue, type StampEvent } from "@stamp/core";
import { parseSyncAnswer } from "@stamp/wire-protocol";
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import type { HttpResult } from "../api/http";
import {
  anotherRound,
  classifySyncResult,
  PUSH_BATCH,
  settle,
  smallerBatch,
} from "./sync-protocol";

const ids = {
  device: "0b5f4c1e-8a3d-4c2b-9e6f-1a2b3c4d5e6f",
  merchant: "11111111-1111-4111-8111-111111111111",
  program: "22222222-2222-4222-8222-222222222222",
  card: "33333333-3333-4333-8333-333333333333",
};

function stamp(ms: number): StampEvent {
  return {
    id: uuidv7(),
    v: EVENT_VERSION,
    hlc: `${new Date(ms).toISOString()}-0000-1a2b3c4d5e6f0000`,
    deviceId: ids.device,
    merchantId: ids.merchant,
    programId: ids.program,
    cardId: ids.card,
    type: "stamps.added",
    count: 1,
    channel: "staff",
  };
}

const answerBody = (over: Record<string, unknown> = {}) => ({
  accepted: [],
  duplicates: [],
  rejected: [],
  events: [],
  cursor: "p42",
  more: false,
  serverTime: "2026-11-22T09:30:00.000Z",
  ...over,
});

const ok = (body: unknown): HttpResult => ({ kind: "ok", status: 200, body });
const error = (status: number, code = "x", retryAfterMs: number | null = null): HttpResult => ({
  kind: "error",
  status,
  code,
  message: `failed with ${status}`,
  retryAfterMs,
});

describe("classifySyncResult", () => {
  it("reads a good answer, its events and the server time", () => {
    const pulled = stamp(1_700_000_000_000);
    const step = classifySyncResult(ok(answerBody({ events: [pulled], more: true })));
    expect(step.kind).toBe("answer");
    if (step.kind !== "answer") return;
    expect(step.answer.events).toEqual([pulled]);
    expect(step.answer.more).toBe(true);
    expect(step.answer.cursor).toBe("p42");
    expect(step.answer.serverTime).toBe("2026-11-22T09:30:00.000Z");
  });

  it("stops (no retry) when the server says this app is too old or the server is", () => {
    for (const side of ["app-too-old", "server-too-old"] as const)
      expect(classifySyncResult({ kind: "outdated", side, message: "update" })).toEqual({
        kind: "outdated",
        side,
        message: "update",
      });
  });

  it("stops on 401: the merchant unpaired the device", () => {
    expect(classifySyncResult(error(401, "device-revoked"))).toEqual({
      kind: "unpaired",
      message: "failed with 401",
    });
  });

  it("restarts the pull on 409 cursor-ahead only", () => {
    expect(classifySyncResult(error(409, "cursor-ahead"))).toEqual({ kind: "cursor-ahead" });
    expect(classifySyncResult(error(409, "conflict")).kind).toBe("retry");
  });

  it("shrinks the batch on 413", () => {
    expect(classifySyncResult(error(413)).kind).toBe("too-large");
  });

  it("retries 429, 5xx and network failures, keeping Retry-After", () => {
    expect(classifySyncResult(error(429, "rate-limited", 5_000))).toMatchObject({
      kind: "retry",
      retryAfterMs: 5_000,
    });
    expect(classifySyncResult(error(503)).kind).toBe("retry");
    expect(classifySyncResult({ kind: "network", message: "Failed to fetch" })).toEqual({
      kind: "retry",
      reason: "Failed to fetch",
      retryAfterMs: null,
    });
  });

  it("refuses a page with an event it cannot read instead of skipping past it", () => {
    const future = { ...stamp(1_700_000_000_000), v: 2 };
    const step = classifySyncResult(ok(answerBody({ events: [future] })));
    expect(step.kind).toBe("incompatible");
  });

  it("refuses answers missing their lists or cursor", () => {
    for (const body of [{}, null, answerBody({ cursor: 7 })])
      expect(classifySyncResult(ok(body)).kind).toBe("incompatible");
  });
});

describe("settle", () => {
  it("takes accepted, duplicate and rejected events out of the outbox and keeps the rest", () => {
    const [a, b, c, d] = [1, 2, 3, 4].map((i) => stamp(1_700_000_000_000 + i)) as [
      StampEvent,
      StampEvent,
      StampEvent,
      StampEvent,
    ];
    const parsed = parseSyncAnswer(
      answerBody({
        accepted: [a.id],
        duplicates: [b.id],
        rejected: [{ id: c.id, index: 2, code: "cooldown", message: "Card stamped 2 min ago" }],
      }),
    );
    if (!parsed.ok) throw new Error(firstIssue(parsed.issues));
    const result = settle([a, b, c, d], parsed.value, 99);
    expect(new Set(result.settled)).toEqual(new Set([a.id, b.id, c.id]));
    expect(result.rejected).toEqual([
      { id: c.id, event: c, code: "cooldown", message: "Card stamped 2 min ago", rejectedAt: 99 },
    ]);
  });

  it("ignores ids it did not send and stores only pulled events it lacks", () => {
    const mine = stamp(1_700_000_000_000);
    const theirs = {
      ...stamp(1_700_000_000_001),
      deviceId: "99999999-9999-4999-8999-999999999999",
    };
    const parsed = parseSyncAnswer(
      answerBody({ accepted: [mine.id, "not-sent"], events: [mine, theirs] }),
    );
    if (!parsed.ok) throw new Error(firstIssue(parsed.issues));
    const result = settle([mine], parsed.value, 0);
    expect(result.settled).toEqual([mine.id]);
    expect(result.pulled).toEqual([theirs]);
  });
});

describe("batching", () => {
  it("pushes at most 1000 events a request, as many as the server takes", () => {
    expect(PUSH_BATCH).toBe(1000);
  });

  it("goes on while there is more to push or the server has more and moved its cursor", () => {
    expect(anotherRound({ more: false, cursor: "9" }, "5", true)).toBe(true);
    expect(anotherRound({ more: true, cursor: "9" }, "5", false)).toBe(true);
    expect(anotherRound({ more: false, cursor: "9" }, "5", false)).toBe(false);
    // A server that says "more" without moving its cursor must not spin the loop.
    expect(anotherRound({ more: true, cursor: "5" }, "5", false)).toBe(false);
  });

  it("does not read its own pushes coming back in the pull", () => {
    const mine = stamp(1_700_000_000_000);
    const garbled = { ...mine, v: 99 };
    const step = classifySyncResult(ok(answerBody({ events: [garbled] })), new Set([mine.id]));
    expect(step).toMatchObject({ kind: "answer", answer: { events: [] } });
  });

  it("halves the batch after 413 down to a single event", () => {
    expect(smallerBatch(500)).toBe(250);
    expect(smallerBatch(3)).toBe(1);
    expect(smallerBatch(1)).toBeNull();
  });
});
