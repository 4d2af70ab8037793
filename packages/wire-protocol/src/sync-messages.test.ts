import { firstIssue, parseWith } from "@stamp/core";
import { EventFactory } from "@stamp/core/testing";
import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "./protocol-version";
import {
  HELD_PULL_GAP_MS,
  MAX_PULL_WAIT_SECONDS,
  offeredWait,
  offeredWaitAfter,
} from "./pull-wait";
import { cursorPosition, cursorText } from "./sync-cursor";
import {
  cardEventsAnswerJson,
  MAX_PUSHED_EVENTS,
  parseCardEventsAnswer,
  parseSyncAnswer,
  type SyncAnswerBody,
  SyncRequestSchema,
  syncAnswerJson,
} from "./sync-messages";

const events = new EventFactory();

const answer = (over: Partial<SyncAnswerBody> = {}): SyncAnswerBody => ({
  accepted: [],
  duplicates: [],
  rejected: [],
  events: [],
  cursor: "p7",
  more: false,
  serverTime: "2026-12-05T17:00:00.000Z",
  ...over,
});

/** Through the wire as the server sends it: `syncAnswerJson`, then JSON.parse. */
const sent = (body: SyncAnswerBody): unknown => JSON.parse(syncAnswerJson(body, PROTOCOL_VERSION));

describe("sync request", () => {
  it("takes a cursor (or null), events and the device's time", () => {
    for (const cursor of [null, "0", "p12", "p12.0123456789ab", "42"])
      expect(parseWith(SyncRequestSchema, { cursor, events: [] }).ok).toBe(true);
    expect(
      parseWith(SyncRequestSchema, {
        cursor: null,
        events: [{}],
        deviceTime: "2026-12-05T17:00:00.000Z",
      }).ok,
    ).toBe(true);
  });

  it("refuses a made-up cursor, too many events, a bad time and unknown fields", () => {
    for (const body of [
      { cursor: "p01", events: [] },
      { cursor: 7, events: [] },
      { cursor: null, events: new Array(MAX_PUSHED_EVENTS + 1).fill({}) },
      { cursor: null, events: [], deviceTime: "yesterday" },
      { cursor: null, events: [], extra: 1 },
      { cursor: null },
    ])
      expect(parseWith(SyncRequestSchema, body).ok).toBe(false);
  });
});

describe("sync answer", () => {
  it("reads what the server serialises, pulled events included", () => {
    const stamp = events.added();
    const body = answer({
      accepted: [stamp.id],
      rejected: [{ id: null, index: 1, code: "wrong-merchant", message: "not yours" }],
      events: [JSON.stringify(stamp)],
      more: true,
    });
    const parsed = parseSyncAnswer(sent(body));
    if (!parsed.ok) throw new Error(firstIssue(parsed.issues));
    expect(parsed.value.events).toEqual([stamp]);
    expect(parsed.value).toMatchObject({ accepted: [stamp.id], cursor: "p7", more: true });
    expect(parsed.value.rejected).toEqual(body.rejected);
  });

  it("skips the device's own events coming back unread", () => {
    const mine = events.added();
    const garbled = { ...mine, v: 99 };
    const parsed = parseSyncAnswer(
      { ...(sent(answer()) as object), events: [garbled] },
      new Set([mine.id]),
    );
    expect(parsed).toMatchObject({ ok: true, value: { events: [] } });
  });

  it("fails the whole page on one event it cannot read, saying which", () => {
    const good = events.added();
    const future = { ...events.added(), v: 2 };
    const parsed = parseSyncAnswer({
      ...(sent(answer()) as object),
      events: [good, future],
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]?.path).toMatch(/^events\.1/);
  });

  it("refuses answers missing their lists, cursor or time", () => {
    const whole = sent(answer()) as Record<string, unknown>;
    for (const field of ["accepted", "duplicates", "rejected", "events", "cursor", "serverTime"]) {
      const { [field]: _, ...without } = whole;
      expect(parseSyncAnswer(without).ok).toBe(false);
    }
    expect(parseSyncAnswer(null).ok).toBe(false);
    expect(parseSyncAnswer({ ...whole, cursor: "anything" }).ok).toBe(false);
    expect(parseSyncAnswer({ ...whole, rejected: [{ code: "x" }] }).ok).toBe(false);
  });

  it("keeps unknown rejection codes and fields of a newer server readable", () => {
    const parsed = parseSyncAnswer({
      ...(sent(answer()) as object),
      rejected: [{ id: null, index: 0, code: "some-new-code", message: "new" }],
      somethingNew: true,
    });
    expect(parsed.ok).toBe(true);
  });
});

describe("sync cursor", () => {
  it("round-trips positions, epochs and scopes; old global cursors start over", () => {
    expect(cursorPosition(cursorText(12, "", "merchant"), "abc")).toEqual({
      position: 12,
      epoch: "",
      scope: "merchant",
    });
    expect(cursorPosition(cursorText(3, "0123456789ab", "location"), "x")).toEqual({
      position: 3,
      epoch: "0123456789ab",
      scope: "location",
    });
    expect(cursorText(3, "0123456789ab", "location")).toBe("p3.0123456789ab-l");
    expect(cursorText(5, "0123456789ab", "region", 17)).toBe("p5.0123456789ab-r17");
    expect(cursorPosition("p5.0123456789ab-r17", "x")).toEqual({
      position: 5,
      epoch: "0123456789ab",
      scope: "region",
      region: 17,
    });
    expect(parseWith(SyncRequestSchema, { cursor: "p5-r17", events: [] }).ok).toBe(true);
    expect(() => cursorPosition("p5-r0", "e")).toThrow();
    expect(() => cursorPosition("p5-l-r2", "e")).toThrow();
    expect(cursorPosition(null, "e")).toMatchObject({ position: 0, epoch: "e" });
    expect(cursorPosition("42", "e")).toBe("start-over");
    expect(() => cursorPosition("nonsense", "e")).toThrow();
    expect(() => cursorPosition("p3-m", "e")).toThrow();
  });
});

describe("card events answer (GET /api/v1/sync/cards/:cardId)", () => {
  it("reads what the server writes, and refuses an event this version cannot read", () => {
    const event = events.added();
    const body = JSON.parse(
      cardEventsAnswerJson(
        { cardId: event.cardId, events: [JSON.stringify(event)] },
        PROTOCOL_VERSION,
      ),
    );
    const parsed = parseCardEventsAnswer(body);
    expect(parsed.ok && parsed.value).toEqual({
      cardId: event.cardId,
      events: [event],
      compact: null,
    });
    expect(parseCardEventsAnswer({ cardId: event.cardId, events: [{ type: "nope" }] }).ok).toBe(
      false,
    );
    expect(parseCardEventsAnswer({ events: [] }).ok).toBe(false);
  });
});

describe("held pulls (the long-poll, pull-wait.ts)", () => {
  const request = (wait: unknown) => ({ cursor: "p3", events: [], wait });

  it("takes a wait of whole seconds from 1 to MAX_PULL_WAIT_SECONDS, and none", () => {
    for (const wait of [1, 10, MAX_PULL_WAIT_SECONDS])
      expect(parseWith(SyncRequestSchema, request(wait)).ok).toBe(true);
    expect(parseWith(SyncRequestSchema, { cursor: null, events: [] }).ok).toBe(true);
    for (const wait of [0, -1, 2.5, MAX_PULL_WAIT_SECONDS + 1, "5", null])
      expect(parseWith(SyncRequestSchema, request(wait)).ok).toBe(false);
  });

  it("reads maxWait when a server offers it, and answers of servers without it", () => {
    const offered = parseSyncAnswer(sent(answer({ maxWait: 25 })));
    expect(offered.ok && offered.value.maxWait).toBe(25);
    const older = parseSyncAnswer(sent(answer()));
    expect(older.ok && older.value.maxWait).toBeUndefined();
    // A newer server offering more (or a fraction) does not fail the answer; the till caps it.
    expect(parseSyncAnswer({ ...(sent(answer()) as object), maxWait: 90.5 }).ok).toBe(true);
  });

  it("makes an offer a wait the server takes: capped, whole, at least 1 s, or none", () => {
    expect(offeredWait(25)).toBe(25);
    expect(offeredWait(90.5)).toBe(MAX_PULL_WAIT_SECONDS);
    expect(offeredWait(7.9)).toBe(7);
    for (const none of [undefined, 0, 0.5, -3, Number.NaN]) expect(offeredWait(none)).toBeNull();
  });

  it("reads when to start the next held pull: within two gaps, none when absent or odd", () => {
    const asked = parseSyncAnswer(sent(answer({ maxWait: 25, waitAfterMs: 420 })));
    expect(asked.ok && offeredWaitAfter(asked.value.waitAfterMs)).toBe(420);
    const older = parseSyncAnswer(sent(answer({ maxWait: 25 })));
    expect(older.ok && offeredWaitAfter(older.value.waitAfterMs)).toBe(0);
    expect(offeredWaitAfter(60_000)).toBe(2 * HELD_PULL_GAP_MS);
    expect(offeredWaitAfter(12.4)).toBe(12);
    for (const none of [-5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(offeredWaitAfter(none)).toBe(0);
  });
});
