import { parseWith } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { cursorPosition, cursorText } from "./sync-cursor";
import { SyncAnswerSchema, SyncRequestSchema } from "./sync-messages";

describe("first-pull cursor (protocol 5)", () => {
  it("round-trips the last card sent after the scope, and the messages take it", () => {
    const key = { programId: "b1a7c0de-0000-4000-8000-000000000001", cardId: "c0ffee-1" };
    const text = cursorText(2048, "0123456789ab", "merchant", undefined, key);
    expect(text).toBe(`p2048.0123456789ab~c${key.programId}~${key.cardId}`);
    expect(cursorPosition(text, "x")).toEqual({
      position: 2048,
      epoch: "0123456789ab",
      scope: "merchant",
      cardsAfter: key,
    });
    expect(cursorPosition(cursorText(7, "", "region", 3, key), "")).toEqual({
      position: 7,
      epoch: "",
      scope: "region",
      region: 3,
      cardsAfter: key,
    });
    expect(cursorPosition("p7-l", "")).not.toHaveProperty("cardsAfter");
    expect(parseWith(SyncRequestSchema, { cursor: text, events: [] }).ok).toBe(true);
    const answer = { accepted: [], duplicates: [], rejected: [], events: [], more: true };
    const serverTime = "2026-12-06T07:00:00.000Z";
    expect(parseWith(SyncAnswerSchema, { ...answer, serverTime, cursor: text }).ok).toBe(true);
    expect(() => cursorPosition("p7~c~x", "")).toThrow();
    expect(() => cursorPosition("p7~ca b~x", "")).toThrow();
  });
});
