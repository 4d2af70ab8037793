import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ANDROID_KEYS,
  androidScan,
  averageTypistGap,
  bluetoothGap,
  CARD_CODE,
  fastTypistGap,
  HELD_KEY,
  type HostLayout,
  keydownsOf,
  keystrokes,
  OTHER_CARD_CODE,
  PIN_TYPING,
  usbGap,
  withKeyups,
} from "./fixtures";
import { type KeydownRecord, WedgeDetector, type WedgeEffects } from "./wedge-detector";
import type { WedgeEvent } from "./wedge-event";
import type { WedgeOptions } from "./wedge-options";

/** What a focused text field shows for a keydown nobody intercepts; ⏎ and ⇥ mark Enter and Tab. */
function typedByHost(record: KeydownRecord): string {
  if (record.ctrlKey === true || record.altKey === true || record.metaKey === true) return "";
  if (record.key === "Enter") return "⏎";
  if (record.key === "Tab") return "⇥";
  return [...record.key].length === 1 ? record.key : "";
}

interface Replay {
  readonly events: WedgeEvent[];
  /** The focused field after the sequence: swallowed keys never reach it, released text does. */
  readonly field: string;
  /** Per keydown, whether it was swallowed. */
  readonly swallowed: boolean[];
}

/**
 * Plays keydowns through a detector the way the DOM adapter does. With `timer: "on-time"` flush
 * runs at each deadline that falls before the next key; with "late" only after the last key.
 */
function replay(
  records: readonly KeydownRecord[],
  options: Partial<WedgeOptions> = {},
  { timer = "on-time", detector = new WedgeDetector(options) } = {},
): Replay {
  const events: WedgeEvent[] = [];
  const swallowed: boolean[] = [];
  let field = "";
  const apply = (effects: WedgeEffects) => {
    field += effects.release;
    events.push(...effects.events);
  };
  for (const record of records) {
    const deadline = detector.nextDeadline();
    if (timer === "on-time" && deadline !== null && deadline <= record.timeStamp) {
      apply(detector.flush(deadline));
    }
    const verdict = detector.keydown(record);
    apply(verdict);
    swallowed.push(verdict.swallow);
    if (!verdict.swallow) field += typedByHost(record);
  }
  const deadline = detector.nextDeadline();
  if (deadline !== null) apply(detector.flush(deadline));
  return { events, field, swallowed };
}

const scans = (events: readonly WedgeEvent[]) => events.filter((e) => e.kind === "scan");
const isCharOrSuffix = (r: KeydownRecord) => r.key !== "Shift";

function expectCleanScan(result: Replay, records: readonly KeydownRecord[], code: string) {
  expect(result.events.map((e) => e.kind)).toEqual(["scan"]);
  expect(result.events[0]).toMatchObject({ kind: "scan", code });
  expect(result.field).toBe("");
  records.forEach((record, index) => {
    if (isCharOrSuffix(record)) expect(result.swallowed[index], `keydown ${index}`).toBe(true);
  });
}

describe("WedgeDetector: scanners", () => {
  it("reads a USB scanner (~8 ms/char, sometimes 16) and swallows every key and the Enter", () => {
    const records = keystrokes(CARD_CODE, { gap: usbGap, suffix: "Enter" });
    const result = replay(records);
    expectCleanScan(result, records, CARD_CODE);
    const scan = scans(result.events)[0];
    expect(scan?.msPerChar).toBeGreaterThan(8);
    expect(scan?.msPerChar).toBeLessThan(9);
    expect(scan?.keyTimes).toHaveLength(CARD_CODE.length);
    expect(scan?.durationMs).toBeCloseTo((scan?.msPerChar ?? 0) * (CARD_CODE.length - 1));
  });

  it("reads a Bluetooth scanner (~50 ms/char in bursts with 135 ms pauses)", () => {
    const records = keystrokes(CARD_CODE, { gap: bluetoothGap, suffix: "Enter" });
    const result = replay(records);
    expectCleanScan(result, records, CARD_CODE);
    const scan = scans(result.events)[0];
    expect(scan?.msPerChar).toBeGreaterThan(45);
    expect(scan?.msPerChar).toBeLessThanOrEqual(55);
  });

  it("keeps a Bluetooth code whole across a pause just under maxGapMs, splits it above", () => {
    const pauseAt = 80;
    const pause = (ms: number) => (i: number) => (i === pauseAt ? ms : bluetoothGap(i));
    const whole = keystrokes(CARD_CODE, { gap: pause(150), suffix: "Enter" });
    expectCleanScan(replay(whole), whole, CARD_CODE);

    // 151 ms: no code contains such a gap, so the halves are judged apart. Both are long and
    // fast enough to be scans; card verification refuses the truncated codes. Nothing leaks.
    const split = replay(keystrokes(CARD_CODE, { gap: pause(151), suffix: "Enter" }));
    expect(scans(split.events).map((e) => e.code)).toEqual([
      CARD_CODE.slice(0, pauseAt),
      CARD_CODE.slice(pauseAt),
    ]);
    expect(split.field).toBe("");
  });

  it("needs only keydowns: overlapping keyups (next key down before the last is up) change nothing", () => {
    const recorded = withKeyups(keystrokes(CARD_CODE, { gap: usbGap, suffix: "Enter" }), 12);
    const down = new Set<string>();
    let overlapping = 0;
    for (const event of recorded) {
      if (event.type === "keyup") {
        down.delete(event.code);
        continue;
      }
      if ([...down].some((code) => code !== "ShiftLeft")) overlapping++;
      down.add(event.code);
    }
    expect(overlapping).toBeGreaterThan(100);
    const records = keydownsOf(recorded);
    expectCleanScan(replay(records), records, CARD_CODE);
  });

  it("counts a doubled character (same key pressed twice) twice", () => {
    const code = "S1.AAbb--11__..zzZZ99xyz";
    const records = keystrokes(code, { gap: usbGap, suffix: "Enter" });
    expectCleanScan(replay(records), records, code);
  });

  it("ignores Shift keydowns: they time nothing and type nothing", () => {
    const code = "S1.ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const records = keystrokes(code, { gap: () => 50 });
    expect(records.filter((r) => r.code === "ShiftLeft")).toHaveLength(27);
    const result = replay(records);
    expect(result.events).toEqual([expect.objectContaining({ kind: "scan", code, msPerChar: 50 })]);
  });
});

describe("WedgeDetector: host keyboard layouts", () => {
  const layouts: [HostLayout, string][] = [
    ["azerty", 'S&:kè:KZrvdrT"aFkauXKlN'],
    ["qwertz", "S1.k7.KWrvdrT3qFkquXKlN"],
    ["hebrew", "S1ץל7ץKWרהגרT3/Fל/וXKךN"],
  ];
  for (const [layout, hostStart] of layouts) {
    it(`reads a US scanner on a ${layout} host, where event.key is wrong`, () => {
      const records = keystrokes(CARD_CODE, { layout, gap: usbGap, suffix: "Enter" });
      const hostText = records.map(typedByHost).join("");
      expect(hostText.startsWith(hostStart)).toBe(true);
      expect(hostText).not.toBe(`${CARD_CODE}⏎`);
      expectCleanScan(replay(records), records, CARD_CODE);
    });
  }

  it("reads '=' on a German host, where that position is a dead key", () => {
    const code = "S1.k7.abc=def+ghi=jklmnopq";
    const records = keystrokes(code, { layout: "qwertz", gap: usbGap, suffix: "Enter" });
    expect(records.some((r) => r.key === "Dead")).toBe(true);
    expectCleanScan(replay(records), records, code);
  });

  it("reads punctuation a code may hold: . - _ : / + = and space", () => {
    const code = "S1.a-b_c:d/e+f=g h.0123456789";
    for (const layout of ["us", "azerty", "qwertz", "hebrew"] as const) {
      const records = keystrokes(code, { layout, gap: usbGap, suffix: "Enter" });
      expectCleanScan(replay(records), records, code);
    }
  });
});

describe("WedgeDetector: CapsLock", () => {
  it("reads a scanner that ignores CapsLock right with CapsLock on (it sends Shift for capitals)", () => {
    const records = keystrokes(CARD_CODE, { capsLock: true, gap: usbGap, suffix: "Enter" });
    // The host inverts the case: event.key would give "s1.K7.kwRVDRt3QfKQUxkLnmiP…".
    expect(records.find((r) => r.code === "KeyS")?.key).toBe("s");
    expectCleanScan(replay(records), records, CARD_CODE);
  });

  it('reads a scanner that compensates for CapsLock with capsLock: "follow"', () => {
    const records = keystrokes(CARD_CODE, {
      capsLock: true,
      followsCapsLock: true,
      gap: usbGap,
      suffix: "Enter",
    });
    expect(records.map(typedByHost).join("")).toBe(`${CARD_CODE}⏎`);
    expectCleanScan(replay(records, { capsLock: "follow" }), records, CARD_CODE);
  });
});

describe("WedgeDetector: people typing", () => {
  it("never takes a fast typist (~110 ms/char, rollover gaps of 18 ms) for a scanner", () => {
    const text = "the quick brown fox jumps over the lazy dog";
    const records = keystrokes(text, { gap: fastTypistGap });
    const result = replay(records);
    // No gap exceeds 150 ms: it is one long burst, refused on its average.
    expect(result.events).toEqual([{ kind: "rejected", reason: "too-slow", text }]);
    expect(result.field).toBe(text);
  });

  it("never takes an average typist (~230 ms/char) for a scanner, and types every key in order", () => {
    const text = "Stamp 4 please, thanks!";
    const records = keystrokes(text, { gap: averageTypistGap, suffix: "Enter" });
    const result = replay(records);
    expect(result.events.every((e) => e.kind === "rejected" && e.reason === "too-short")).toBe(
      true,
    );
    expect(result.field).toBe(`${text}⏎`);
  });

  it("gives a PIN back to the focused field before its Enter submits", () => {
    const result = replay(PIN_TYPING);
    expect(result.field).toBe("4711⏎");
    expect(result.swallowed).toEqual([true, true, true, true, false]);
    expect(scans(result.events)).toEqual([]);
  });

  it("gives held keys back before a key that is not a character (Backspace) acts", () => {
    const records: KeydownRecord[] = [
      { code: "KeyO", key: "o", shiftKey: false, timeStamp: 100 },
      { code: "KeyK", key: "k", shiftKey: false, timeStamp: 180 },
      { code: "Backspace", key: "Backspace", shiftKey: false, timeStamp: 240 },
      { code: "KeyK", key: "k", shiftKey: false, timeStamp: 400 },
    ];
    const detector = new WedgeDetector();
    detector.keydown(records[0] as KeydownRecord);
    detector.keydown(records[1] as KeydownRecord);
    expect(detector.keydown(records[2] as KeydownRecord)).toEqual({
      swallow: false,
      release: "ok",
      events: [{ kind: "rejected", reason: "too-short", text: "ok" }],
    });
  });

  it("gives back what the host layout typed, not the US decoding", () => {
    const result = replay(keystrokes("qwerty 1", { layout: "azerty", gap: averageTypistGap }));
    expect(result.field).toBe("azerty &");
    const hebrew = replay(keystrokes("shalom", { layout: "hebrew", gap: averageTypistGap }));
    expect(hebrew.field).toBe("דישךםצ");
  });

  it("never takes a held-down key's auto-repeat (33 ms) for a scanner", () => {
    const result = replay(HELD_KEY);
    expect(scans(result.events)).toEqual([]);
    expect(result.field).toBe("a".repeat(HELD_KEY.length));
    expect(result.swallowed.slice(1).every((s) => !s)).toBe(true);
  });

  it("does not hold a leading Space (a focused button) or a dead key (accent composition)", () => {
    const detector = new WedgeDetector();
    expect(
      detector.keydown({ code: "Space", key: " ", shiftKey: false, timeStamp: 0 }).swallow,
    ).toBe(false);
    expect(
      detector.keydown({ code: "BracketLeft", key: "Dead", shiftKey: false, timeStamp: 500 })
        .swallow,
    ).toBe(false);
    expect(detector.nextDeadline()).toBeNull();
  });
});

describe("WedgeDetector: suffix and prefix", () => {
  it("ends a code without suffix after endSilenceMs of silence, via flush", () => {
    const records = keystrokes(CARD_CODE, { gap: usbGap });
    const detector = new WedgeDetector();
    for (const record of records) {
      expect(detector.keydown(record).swallow).toBe(isCharOrSuffix(record));
    }
    const last = records.at(-1)?.timeStamp ?? Number.NaN;
    expect(detector.nextDeadline()).toBe(last + 200);
    expect(detector.flush(last + 199)).toEqual({ release: "", events: [] });
    expect(detector.flush(last + 200).events).toEqual([
      expect.objectContaining({ kind: "scan", code: CARD_CODE }),
    ]);
    expect(detector.nextDeadline()).toBeNull();
  });

  it("ends a code without suffix at the next keystroke if the timer has not run", () => {
    const records = [
      ...keystrokes(CARD_CODE, { gap: usbGap }),
      { code: "KeyX", key: "x", shiftKey: false, timeStamp: 20_000 },
    ];
    const result = replay(records, {}, { timer: "late" });
    expect(result.events.map((e) => e.kind)).toEqual(["scan", "rejected"]);
    expect(result.field).toBe("x");
  });

  it("reads LF (NumpadEnter) as the Enter suffix", () => {
    const records = keystrokes(CARD_CODE, { gap: usbGap, suffix: "NumpadEnter" });
    expectCleanScan(replay(records), records, CARD_CODE);
  });

  it("swallows a Tab suffix when configured", () => {
    const records = keystrokes(CARD_CODE, { gap: usbGap, suffix: "Tab" });
    expectCleanScan(replay(records, { suffix: "Tab" }), records, CARD_CODE);
  });

  it("lets a key that is not the configured suffix through, after ending the code", () => {
    const records = keystrokes(CARD_CODE, { gap: usbGap, suffix: "Tab" });
    const result = replay(records);
    expect(scans(result.events)).toHaveLength(1);
    expect(result.field).toBe("⇥");
    const none = replay(keystrokes(CARD_CODE, { gap: usbGap, suffix: "Enter" }), {
      suffix: "none",
    });
    expect(scans(none.events)).toHaveLength(1);
    expect(none.field).toBe("⏎");
  });

  it("lets a lone Enter or Tab through", () => {
    const detector = new WedgeDetector();
    const enter = { code: "Enter", key: "Enter", shiftKey: false, timeStamp: 5 };
    expect(detector.keydown(enter)).toEqual({ swallow: false, release: "", events: [] });
  });

  it("strips a configured prefix and holds nothing else, so typing has no delay", () => {
    const options = { prefix: "~]" };
    const records = keystrokes(`~]${CARD_CODE}`, { gap: usbGap, suffix: "Enter" });
    expectCleanScan(replay(records, options), records, CARD_CODE);

    const typing = replay(keystrokes("hello ~ world", { gap: fastTypistGap }), options);
    expect(typing.field).toBe("hello ~ world");
    // Only "~" could start a code; the rest reached the field at once.
    expect(typing.swallowed.filter(Boolean)).toHaveLength(1);
  });

  it("refuses a fast burst whose prefix does not match, and types it back", () => {
    const result = replay(keystrokes(`~x${CARD_CODE}`, { gap: usbGap }), { prefix: "~]" });
    expect(result.events).toEqual([{ kind: "rejected", reason: "too-short", text: "~" }]);
    expect(result.field).toBe(`~x${CARD_CODE}`);
  });
});

describe("WedgeDetector: duplicates and length", () => {
  it("reports the same code again within 2 s as a duplicate, swallowed all the same", () => {
    const first = keystrokes(CARD_CODE, { gap: usbGap, suffix: "Enter", start: 0 });
    const again = keystrokes(CARD_CODE, { gap: usbGap, suffix: "Enter", start: 3_000 });
    const other = keystrokes(OTHER_CARD_CODE, { gap: usbGap, suffix: "Enter", start: 6_000 });
    const late = keystrokes(OTHER_CARD_CODE, { gap: usbGap, suffix: "Enter", start: 10_000 });
    const result = replay([...first, ...again, ...other, ...late]);
    // `again` starts 1.6 s after `first` ended.
    expect(result.events).toEqual([
      expect.objectContaining({ kind: "scan", code: CARD_CODE }),
      { kind: "duplicate", code: CARD_CODE },
      expect.objectContaining({ kind: "scan", code: OTHER_CARD_CODE }),
      expect.objectContaining({ kind: "scan", code: OTHER_CARD_CODE }),
    ]);
    expect(result.field).toBe("");
  });

  it("keeps a card held before a presentation scanner one stamp (the window slides)", () => {
    const rereads = [0, 1_500, 3_000, 4_500].flatMap((start) =>
      keystrokes(CARD_CODE, { gap: usbGap, suffix: "Enter", start }),
    );
    expect(replay(rereads).events.map((e) => e.kind)).toEqual([
      "scan",
      "duplicate",
      "duplicate",
      "duplicate",
    ]);
    expect(replay(rereads, { dedupeMs: 0 }).events.map((e) => e.kind)).toEqual([
      "scan",
      "scan",
      "scan",
      "scan",
    ]);
  });

  it("refuses a short scanner-speed burst (a product EAN) and types it like a plain scanner", () => {
    const records = keystrokes("4006381333931", { gap: usbGap, suffix: "Enter" });
    const result = replay(records);
    expect(result.events).toEqual([
      { kind: "rejected", reason: "too-short", text: "4006381333931" },
    ]);
    expect(result.field).toBe("4006381333931⏎");
  });
});

describe("WedgeDetector: Android", () => {
  it("falls back to event.key when code is empty or Unidentified", () => {
    const detector = new WedgeDetector({ minLength: 2 });
    expect(detector.keydown(ANDROID_KEYS.emptyCode).swallow).toBe(true);
    expect(detector.keydown(ANDROID_KEYS.unidentifiedCode).swallow).toBe(true);
    // keyCode 229 without a key: nothing to read, it ends the burst and passes.
    expect(detector.keydown(ANDROID_KEYS.unidentifiedKey)).toEqual({
      swallow: false,
      release: "",
      events: [expect.objectContaining({ kind: "scan", code: "aS" })],
    });
  });

  it("reads a Bluetooth scan whose keydowns carry no code", () => {
    const records = androidScan(CARD_CODE);
    expectCleanScan(replay(records), records, CARD_CODE);
  });
});

describe("WedgeDetector: invariants", () => {
  const codeChars = fc.constantFrom(..."ABCXYZabcxyz0189.-_:/+= ");
  const layout = fc.constantFrom<HostLayout>("us", "azerty", "qwertz", "hebrew");

  it("reads any code at scanner speed exactly and leaks none of it, however the timer runs", () => {
    fc.assert(
      fc.property(
        fc.array(codeChars, { minLength: 20, maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1 }),
        layout,
        fc.constantFrom("Enter" as const, undefined),
        fc.constantFrom("on-time" as const, "late" as const),
        (chars, gaps, host, suffix, timer) => {
          const code = `S1.${chars.join("")}`;
          const records = keystrokes(code, {
            layout: host,
            gap: (i) => gaps[i % gaps.length] as number,
            ...(suffix === undefined ? {} : { suffix }),
          });
          const result = replay(records, {}, { timer });
          expect(result.events).toEqual([expect.objectContaining({ kind: "scan", code })]);
          expect(result.field).toBe("");
        },
      ),
    );
  });

  it("never makes a scan of typing, rollover included, and gives every keystroke back in order", () => {
    const keystroke = fc.oneof(
      { weight: 8, arbitrary: codeChars.map((c) => ({ text: c })) },
      { weight: 1, arbitrary: fc.constant({ named: "Enter" }) },
      { weight: 1, arbitrary: fc.constant({ named: "Backspace" }) },
    );
    fc.assert(
      fc.property(
        // Gaps down to 15 ms: rollover. Twenty in a row averaging ≤ 60 ms is what no typist does.
        fc.array(fc.tuple(keystroke, fc.integer({ min: 15, max: 400 })), { maxLength: 80 }),
        layout,
        fc.constantFrom("on-time" as const, "late" as const),
        (strokes, host, timer) => {
          const records: KeydownRecord[] = [];
          let time = 1_000;
          for (const [stroke, gap] of strokes) {
            time += gap;
            if ("text" in stroke) {
              records.push(...keystrokes(stroke.text, { layout: host, gap: () => 0, start: time }));
            } else {
              records.push({
                code: stroke.named,
                key: stroke.named,
                shiftKey: false,
                timeStamp: time,
              });
            }
          }
          const result = replay(records, {}, { timer });
          expect(result.events.every((e) => e.kind === "rejected")).toBe(true);
          expect(result.field).toBe(records.map(typedByHost).join(""));
        },
      ),
    );
  });
});
