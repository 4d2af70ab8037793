import { parseWith } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { MAX_PULL_WAIT_SECONDS, offeredWait } from "./pull-wait";
import { parseSyncAnswer, SyncRequestSchema, syncAnswerJson } from "./sync-messages";

const request = (wait: unknown) => ({ cursor: "p3", events: [], wait });

const answer = {
  accepted: [],
  duplicates: [],
  rejected: [],
  events: [],
  cursor: "p7",
  more: false,
  serverTime: "2026-12-05T17:00:00.000Z",
};

describe("held pulls (the long-poll of POST /api/v1/sync)", () => {
  it("takes a wait of whole seconds from 1 to MAX_PULL_WAIT_SECONDS, and none", () => {
    for (const wait of [1, 10, MAX_PULL_WAIT_SECONDS])
      expect(parseWith(SyncRequestSchema, request(wait)).ok).toBe(true);
    expect(parseWith(SyncRequestSchema, { cursor: null, events: [] }).ok).toBe(true);
    for (const wait of [0, -1, 2.5, MAX_PULL_WAIT_SECONDS + 1, "5", null])
      expect(parseWith(SyncRequestSchema, request(wait)).ok).toBe(false);
  });

  it("reads maxWait when a server offers it, and answers of servers without it", () => {
    const offered = parseSyncAnswer(JSON.parse(syncAnswerJson({ ...answer, maxWait: 25 })));
    expect(offered.ok && offered.value.maxWait).toBe(25);
    const older = parseSyncAnswer(JSON.parse(syncAnswerJson(answer)));
    expect(older.ok && older.value.maxWait).toBeUndefined();
    // A newer server offering more (or a fraction) does not fail the answer; the till caps it.
    const more = parseSyncAnswer({ ...answer, maxWait: 90.5 });
    expect(more.ok).toBe(true);
  });

  it("makes an offer a wait the server takes: capped, whole, at least 1 s, or none", () => {
    expect(offeredWait(25)).toBe(25);
    expect(offeredWait(90.5)).toBe(MAX_PULL_WAIT_SECONDS);
    expect(offeredWait(7.9)).toBe(7);
    for (const none of [undefined, 0, 0.5, -3, Number.NaN]) expect(offeredWait(none)).toBeNull();
  });
});
