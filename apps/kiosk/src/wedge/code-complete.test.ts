/**
 * The `complete` event: a burst that holds a whole code is reported at its last character, before
 * the suffix, so the app can check the code meanwhile. Only the `scan` event may be acted on.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  averageTypistGap,
  CARD_CODE,
  fastTypistGap,
  keystrokes,
  OTHER_CARD_CODE,
  usbGap,
} from "./fixtures";
import { type KeydownRecord, WedgeDetector } from "./wedge-detector";
import type { WedgeEvent } from "./wedge-event";

const ROTATING = `${CARD_CODE}.T12345678`;
/** Stands in for the app's parser: these codes are whole, any other text is not. */
const whole = (...codes: string[]) => {
  const known = new Set(codes);
  return (code: string) => known.has(code);
};

/** The events of each keydown (and of the final flush), keydown by keydown. */
function eventsPerKey(
  detector: WedgeDetector,
  records: readonly KeydownRecord[],
): (readonly WedgeEvent[])[] {
  const perKey = records.map((record) => detector.keydown(record).events);
  const deadline = detector.nextDeadline();
  return deadline === null ? perKey : [...perKey, detector.flush(deadline).events];
}

const kinds = (perKey: readonly (readonly WedgeEvent[])[]) => perKey.flat().map((e) => e.kind);

describe("WedgeDetector: a whole code before its suffix", () => {
  it("reports a scanned code at its last character, and the scan only at Enter", () => {
    const records = keystrokes(CARD_CODE, { gap: usbGap, suffix: "Enter" });
    const perKey = eventsPerKey(new WedgeDetector({}, whole(CARD_CODE)), records);
    expect(perKey.at(-2)).toEqual([{ kind: "complete", code: CARD_CODE }]);
    expect(perKey.at(-1)).toEqual([expect.objectContaining({ kind: "scan", code: CARD_CODE })]);
    expect(kinds(perKey)).toEqual(["complete", "scan"]);
  });

  it("reports a code sent without suffix before the silence that ends it", () => {
    const records = keystrokes(CARD_CODE, { gap: usbGap });
    const perKey = eventsPerKey(new WedgeDetector({ suffix: "none" }, whole(CARD_CODE)), records);
    expect(perKey.at(-2)).toEqual([{ kind: "complete", code: CARD_CODE }]);
    expect(perKey.at(-1)).toEqual([expect.objectContaining({ kind: "scan", code: CARD_CODE })]);
  });

  it("never reports a whole code a person types, slowly or fast, into a field", () => {
    for (const gap of [averageTypistGap, fastTypistGap]) {
      const records = keystrokes(CARD_CODE, { gap, suffix: "Enter" });
      const perKey = eventsPerKey(new WedgeDetector({}, whole(CARD_CODE)), records);
      expect(new Set(kinds(perKey))).toEqual(new Set(["rejected"]));
    }
  });

  it("reports the longer code again when more keys follow, and scans the code typed last", () => {
    const rotating = keystrokes(ROTATING, { gap: usbGap, suffix: "Enter" });
    const events = eventsPerKey(new WedgeDetector({}, whole(CARD_CODE, ROTATING)), rotating).flat();
    expect(events).toEqual([
      { kind: "complete", code: CARD_CODE },
      { kind: "complete", code: ROTATING },
      expect.objectContaining({ kind: "scan", code: ROTATING }),
    ]);

    // Keys that make it no code at all: the scan names the longer text, which nobody checked.
    const longer = keystrokes(`${CARD_CODE}x`, { gap: usbGap, suffix: "Enter" });
    const after = eventsPerKey(new WedgeDetector({}, whole(CARD_CODE)), longer).flat();
    expect(after).toEqual([
      { kind: "complete", code: CARD_CODE },
      expect.objectContaining({ kind: "scan", code: `${CARD_CODE}x` }),
    ]);
  });

  it("reports two codes back to back each before its own scan", () => {
    const records = [
      ...keystrokes(CARD_CODE, { gap: usbGap, suffix: "Enter", start: 0 }),
      ...keystrokes(OTHER_CARD_CODE, { gap: usbGap, suffix: "Enter", start: 1_500 }),
    ];
    const events = eventsPerKey(new WedgeDetector({}, whole(CARD_CODE, OTHER_CARD_CODE)), records);
    expect(events.flat().map((e) => [e.kind, "code" in e ? e.code : ""])).toEqual([
      ["complete", CARD_CODE],
      ["scan", CARD_CODE],
      ["complete", OTHER_CARD_CODE],
      ["scan", OTHER_CARD_CODE],
    ]);
  });

  it("does not report a duplicate read (it will not be scanned)", () => {
    const records = [0, 1_500].flatMap((start) =>
      keystrokes(CARD_CODE, { gap: usbGap, suffix: "Enter", start }),
    );
    const perKey = eventsPerKey(new WedgeDetector({}, whole(CARD_CODE)), records);
    expect(kinds(perKey)).toEqual(["complete", "scan", "duplicate"]);
  });

  it("never reports typing as complete, whatever the app would accept", () => {
    const n = CARD_CODE.length;
    fc.assert(
      fc.property(
        // Gaps down to 15 ms: rollover. Twenty in a row averaging ≤ 60 ms is what no typist does.
        fc.array(fc.integer({ min: 15, max: 400 }), { minLength: n + 1, maxLength: n + 1 }),
        (gaps) => {
          const records = keystrokes(CARD_CODE, { gap: (i) => gaps[i] as number, suffix: "Enter" });
          const perKey = eventsPerKey(new WedgeDetector({}, () => true), records);
          expect(kinds(perKey).every((kind) => kind === "rejected")).toBe(true);
        },
      ),
    );
  });
});
