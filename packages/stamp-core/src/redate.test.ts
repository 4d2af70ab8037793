import { describe, expect, it } from "vitest";
import type { StampEvent } from "./events";
import { hlcMillis, parseHlc } from "./hlc";
import { redateEvents } from "./redate";
import { EventFactory } from "./testing/fixtures";

const NOW = Date.parse("2026-12-05T10:00:00.000Z");

function ids(): () => string {
  let n = 0;
  return () => `0193a000-0000-7000-8000-${String(++n).padStart(12, "0")}`;
}

describe("redateEvents (SPEC H6)", () => {
  it("makes each held event anew, in log order, at the clock's time, a revocation naming the copy", () => {
    const f = new EventFactory();
    const stamp = f.added(2);
    const undo = f.make("stamps.revoked", { targetId: stamp.id, reason: "undo" });
    const other = f.added(1);
    const clock = parseHlc("2026-12-05T09:59:00.000Z-0000-00000000000000aa");
    if (!clock) throw new Error("bad hlc");
    const { copies, clock: after } = redateEvents([other, undo, stamp], clock, NOW, ids());
    expect(copies.map((c) => c.type)).toEqual(["stamps.added", "stamps.revoked", "stamps.added"]);
    expect(copies.map((c) => c.id)).toEqual([
      "0193a000-0000-7000-8000-000000000001",
      "0193a000-0000-7000-8000-000000000002",
      "0193a000-0000-7000-8000-000000000003",
    ]);
    const [stampCopy, undoCopy, otherCopy] = copies as [StampEvent, StampEvent, StampEvent];
    expect(undoCopy).toMatchObject({ targetId: stampCopy.id });
    expect(otherCopy).toMatchObject({ count: 1, cardId: other.cardId });
    expect(copies.every((c) => hlcMillis(c.hlc) === NOW)).toBe(true);
    expect([...copies].sort((a, b) => (a.hlc < b.hlc ? -1 : 1))).toEqual(copies);
    expect(after.millis).toBe(NOW);
  });

  it("starts a clock that ran ahead with a wrong wall clock again from now", () => {
    const f = new EventFactory();
    const clock = parseHlc("2099-01-01T00:00:00.000Z-0007-00000000000000aa");
    if (!clock) throw new Error("bad hlc");
    const { copies } = redateEvents([f.added(1)], clock, NOW, ids());
    expect(hlcMillis(copies[0]?.hlc ?? "")).toBe(NOW);
  });

  it("keeps a revocation of an event that was not held as it is", () => {
    const f = new EventFactory();
    const undo = f.make("stamps.revoked", {
      targetId: "0193a000-0000-7000-8000-0000000000ff",
      reason: "undo",
    });
    const clock = parseHlc("2026-12-05T09:00:00.000Z-0000-00000000000000aa");
    if (!clock) throw new Error("bad hlc");
    const { copies } = redateEvents([undo], clock, NOW, ids());
    expect(copies[0]).toMatchObject({ targetId: "0193a000-0000-7000-8000-0000000000ff" });
  });
});
