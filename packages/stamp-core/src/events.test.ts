import { describe, expect, it } from "vitest";
import { canonicalJson, EVENT_TYPES, parseEvent, StampEventSchema, sameEvent } from "./events";
import { EventFactory } from "./testing/fixtures";
import { parseWith } from "./validation";

const f = new EventFactory();

describe("event validation", () => {
  it("V1: every event type parses back to itself", () => {
    const added = f.added(2);
    for (const event of [
      f.enrolled(),
      added,
      f.make("stamps.added", {
        count: 3,
        channel: "pos",
        amount: 1250,
        currency: "EUR",
        orderRef: "A-17",
        staffId: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
      }),
      f.revoked(added.id),
      f.redeemed(1),
      f.handedOver(1),
      f.blocked(),
      f.unblocked(),
    ]) {
      expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual({ ok: true, value: event });
    }
  });

  it("V1: an event is judged by its own type's schema exactly as by the union of them all", () => {
    const added = f.added(2);
    const voucherId = `${f.cardId}:1`;
    const events: Record<string, unknown>[] = [
      f.enrolled(),
      added,
      f.revoked(added.id),
      f.redeemed(1),
      f.handedOver(1),
      f.revealed(1),
      f.make("voucher.reminded", { voucherId }),
      f.make("voucher.expired", { voucherId }),
      f.make("stamps.expired", { inactiveDays: 90 }),
      f.blocked(),
      f.unblocked(),
      f.make("voucher.granted", {
        voucherId: `${f.cardId}:900000001`,
        title: "Cake",
        reason: "birthday",
      }),
    ];
    expect(events.map((event) => event.type)).toEqual(EVENT_TYPES);
    const broken = events.flatMap((event) => [
      { ...event, count: 0, hlc: "yesterday" },
      { ...event, extra: true },
      { ...event, cardId: undefined },
      { ...event, type: "stamps.multiplied" },
      { ...event, type: undefined },
    ]);
    for (const event of events) expect(parseEvent(event).ok).toBe(true);
    for (const input of [...events, ...broken, [], null, "stamps.added"])
      expect(parseEvent(input)).toEqual(parseWith(StampEventSchema, input));
  });

  it("V9: any event may name the staff member who worked the till, by a UUID", () => {
    const staffId = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    for (const event of [
      { ...f.added(1), staffId },
      { ...f.revoked(f.added(1).id), staffId },
      { ...f.redeemed(1), staffId },
      { ...f.handedOver(1), staffId },
    ])
      expect(parseEvent(event)).toEqual({ ok: true, value: event });
    const named = parseEvent({ ...f.redeemed(1), staffId: "anna" });
    expect(named.ok).toBe(false);
    if (!named.ok) expect(named.issues[0]?.path).toBe("staffId");
  });

  it("V1: reports every problem with its path instead of throwing", () => {
    const result = parseEvent({ ...f.added(1), count: 0, channel: "fax", hlc: "yesterday" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { path: "count", message: "must be at least 1" },
        { path: "channel", message: expect.stringContaining("fax") },
        { path: "hlc", message: expect.stringContaining("must be an HLC") },
      ]),
    );
  });

  it("V1: non-objects, unknown types and missing fields are refused", () => {
    for (const input of [null, 42, "stamps.added", [], { type: "stamps.multiplied" }]) {
      expect(parseEvent(input).ok).toBe(false);
    }
    const { type: _type, ...noType } = f.added(1);
    expect(parseEvent(noType)).toEqual({
      ok: false,
      issues: [{ path: "type", message: "is required" }],
    });
    const { cardId: _omitted, ...noCard } = f.added(1);
    expect(parseEvent(noCard)).toEqual({
      ok: false,
      issues: [{ path: "cardId", message: "is required" }],
    });
  });

  it("V1: count must be a whole number from 1 to 1000; ids must be lowercase UUIDv7", () => {
    for (const count of [0, 1001, 1.5, "3", -1])
      expect(parseEvent({ ...f.added(1), count }).ok, String(count)).toBe(false);
    expect(parseEvent({ ...f.added(1), count: 1000 }).ok).toBe(true);
    expect(parseEvent({ ...f.added(1), id: "01900000-0000-4000-8000-000000000001" }).ok).toBe(
      false,
    );
    expect(parseEvent({ ...f.added(1), id: "01900000-0000-7000-8000-00000000000A" }).ok).toBe(
      false,
    );
  });

  it("V2: another schema version is refused", () => {
    expect(parseEvent({ ...f.added(1), v: 2 })).toEqual({
      ok: false,
      issues: [{ path: "v", message: "must be 1" }],
    });
  });

  it("V3: unknown fields are refused", () => {
    expect(parseEvent({ ...f.added(1), bonus: 5 })).toEqual({
      ok: false,
      issues: [{ path: "bonus", message: "is not a known field" }],
    });
  });

  it("V4: amount and currency go together", () => {
    const result = parseEvent({ ...f.added(1), amount: 500 });
    expect(result).toEqual({
      ok: false,
      issues: [{ path: "currency", message: "amount and currency go together" }],
    });
  });

  it("M4: canonical JSON ignores key order", () => {
    const event = f.added(1);
    const reversed = Object.fromEntries(Object.entries(event).reverse()) as typeof event;
    expect(canonicalJson(reversed)).toBe(canonicalJson(event));
    expect(sameEvent(reversed, event)).toBe(true);
    expect(sameEvent({ ...event, count: 2 }, event)).toBe(false);
  });
});
