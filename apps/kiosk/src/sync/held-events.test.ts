import type { StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import type { RejectedEvent } from "../storage/db";
import { splitRefusals } from "./held-events";

const CARD = "0193a000-0000-7000-8000-00000000c001";
const stamp = (id: string) =>
  ({ id, type: "stamps.added", cardId: CARD, count: 1, channel: "staff" }) as unknown as StampEvent;
const undo = (id: string, targetId: string) =>
  ({ id, type: "stamps.revoked", cardId: CARD, targetId, reason: "undo" }) as unknown as StampEvent;
const refusal = (event: StampEvent, code: string): RejectedEvent => ({
  id: event.id,
  event,
  code,
  message: "",
  rejectedAt: 0,
});

describe("splitRefusals (SPEC H6)", () => {
  it("keeps events refused for a wrong clock and the undos of kept events; the rest are refused", () => {
    const early = stamp("e1");
    const late = stamp("e2");
    const undoLate = undo("u1", "e2");
    const undoEarlier = undo("u2", "e0");
    const undoGone = undo("u3", "gone");
    const capped = stamp("e3");
    const { hold, refuse } = splitRefusals(
      [
        refusal(late, "device-clock-wrong"),
        refusal(undoLate, "revoke-target-unknown"),
        refusal(undoEarlier, "revoke-target-unknown"),
        refusal(undoGone, "revoke-target-unknown"),
        refusal(capped, "scan-cap"),
      ],
      [stamp("e0"), early],
    );
    expect(hold.map((e) => e.id)).toEqual(["e2", "u1", "u2"]);
    expect(refuse.map((r) => r.id)).toEqual(["u3", "e3"]);
  });
});
