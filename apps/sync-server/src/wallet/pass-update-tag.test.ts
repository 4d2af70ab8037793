import { describe, expect, it } from "vitest";
import {
  formatPassUpdateTag,
  NO_TAG,
  parsePassUpdateTag,
  passesChangedSince,
} from "./pass-update-tag";

const A = "0190a000-0000-4000-8000-00000000000a";
const B = "0190a000-0000-4000-8000-00000000000b";

describe("passesUpdatedSince tags", () => {
  it("lists the passes newer than what the tag says of their merchant, and the tag to hand back", () => {
    const registered = [
      { cardId: "card-a1", merchantId: A, updateSeq: 5 },
      { cardId: "card-a2", merchantId: A, updateSeq: 7 },
      { cardId: "card-b1", merchantId: B, updateSeq: 3 },
    ];
    const all = passesChangedSince(registered, NO_TAG);
    expect(all?.serials).toEqual(["card-a1", "card-a2", "card-b1"]);
    const text = formatPassUpdateTag(all?.tag ?? NO_TAG, "");
    expect(text).toBe(`${A}~7,${B}~3`);
    expect(passesChangedSince(registered, parsePassUpdateTag(text, ""))).toBeNull();
    const later = [
      { ...registered[0], updateSeq: 8 } as (typeof registered)[0],
      ...registered.slice(1),
    ];
    expect(passesChangedSince(later, parsePassUpdateTag(text, ""))?.serials).toEqual(["card-a1"]);
  });

  it("reads a tag from before per-merchant versions as a floor for every merchant", () => {
    const tag = parsePassUpdateTag("6", "");
    const changed = passesChangedSince(
      [
        { cardId: "old", merchantId: A, updateSeq: 6 },
        { cardId: "new", merchantId: B, updateSeq: 7 },
      ],
      tag,
    );
    expect(changed?.serials).toEqual(["new"]);
    expect(formatPassUpdateTag(changed?.tag ?? NO_TAG, "")).toBe(`${A}~6,${B}~7`);
  });

  it("treats an unreadable tag as none", () => {
    expect(parsePassUpdateTag("drop table;", "")).toEqual(NO_TAG);
    expect(parsePassUpdateTag(`${A}~1,bogus`, "")).toEqual(NO_TAG);
  });

  it("carries the log epoch, and reads a tag of another epoch (before a restore) as none", () => {
    const registered = [{ cardId: "card-a1", merchantId: A, updateSeq: 5 }];
    const epoch = "0123456789ab";
    const text = formatPassUpdateTag(passesChangedSince(registered, NO_TAG)?.tag ?? NO_TAG, epoch);
    expect(text).toBe(`${A}~5.${epoch}`);
    expect(passesChangedSince(registered, parsePassUpdateTag(text, epoch))).toBeNull();
    // Restored: the device's tag is of the old history, its versions may be handed out again.
    expect(parsePassUpdateTag(text, "ba9876543210")).toEqual(NO_TAG);
    expect(parsePassUpdateTag(`${A}~5`, epoch)).toEqual(NO_TAG);
    expect(parsePassUpdateTag("6", epoch)).toEqual(NO_TAG);
  });
});
