/**
 * Keystroke recordings for the wedge tests: what Chromium reports, keydown by keydown, for a
 * scanner or a person typing on a host with a given keyboard layout.
 *
 * Long sequences are built from the known timing profiles (USB ~8 ms/char with 16 ms hiccups,
 * Bluetooth bursts at ~42 ms with pauses, typists at ~110 and ~230 ms; see notes/offline.md)
 * instead of being pasted as hundreds of literal records; short ones are literal.
 */
import type { KeydownRecord } from "./wedge-detector";

/** A card code as a wallet pass barcode holds it: S1.<kid>.<body>.<signature>, 157 characters. */
export const CARD_CODE =
  "S1.k7.KWrvdrT3qFkquXKlNMIp4ot-atdpyXBRsvjOMT12IiR4o6gywlJuzYkCotUU0L7Q.dkRtdCYsZ6zkQh_fHPgPNdzB86Tfx5o6b_zI_mBS8Kw2TRi9yzVu95f5cBx6qnfaHmgqnorh36hCwJ90u5Runw";
export const OTHER_CARD_CODE =
  "S1.k7.pQ9x-T4mZcLw0aVb2nYe7RuKs3HdFg8JoXi1EqWt6NyUl5BzCvOrMhGjPkDfIa.Zq3nT8vXw1LmB6cR0sYk9HuJe2_dFg4Pa7iOxE5tVl-QwNyUz3CrKb8MhGj0SfDo1AvIpWx6TeRn4LsYq9Bu2Zc";

export type HostLayout = "us" | "azerty" | "qwertz" | "hebrew";

/** How a US keyboard types each character: the position (`code`) and whether Shift is held. */
const US_KEYS = new Map<string, { readonly code: string; readonly shift: boolean }>();
for (const letter of "abcdefghijklmnopqrstuvwxyz") {
  const code = `Key${letter.toUpperCase()}`;
  US_KEYS.set(letter, { code, shift: false });
  US_KEYS.set(letter.toUpperCase(), { code, shift: true });
}
for (const [code, plain, shifted] of [
  ["Digit1", "1", "!"],
  ["Digit2", "2", "@"],
  ["Digit3", "3", "#"],
  ["Digit4", "4", "$"],
  ["Digit5", "5", "%"],
  ["Digit6", "6", "^"],
  ["Digit7", "7", "&"],
  ["Digit8", "8", "*"],
  ["Digit9", "9", "("],
  ["Digit0", "0", ")"],
  ["Minus", "-", "_"],
  ["Equal", "=", "+"],
  ["Semicolon", ";", ":"],
  ["Comma", ",", "<"],
  ["Period", ".", ">"],
  ["Slash", "/", "?"],
  ["Backquote", "`", "~"],
  ["BracketRight", "]", "}"],
] as const) {
  US_KEYS.set(plain, { code, shift: false });
  US_KEYS.set(shifted, { code, shift: true });
}
US_KEYS.set(" ", { code: "Space", shift: false });

/** What each host layout reports as `event.key` where it differs from US: [plain, shifted]. */
const HOST_KEYS: Record<HostLayout, Readonly<Record<string, readonly [string, string]>>> = {
  us: {},
  // French AZERTY: A/Q and Z/W swap, digits need Shift, "." and "-" sit elsewhere.
  azerty: {
    KeyA: ["q", "Q"],
    KeyQ: ["a", "A"],
    KeyZ: ["w", "W"],
    KeyW: ["z", "Z"],
    KeyM: [",", "?"],
    Semicolon: ["m", "M"],
    Digit1: ["&", "1"],
    Digit2: ["é", "2"],
    Digit3: ['"', "3"],
    Digit4: ["'", "4"],
    Digit5: ["(", "5"],
    Digit6: ["-", "6"],
    Digit7: ["è", "7"],
    Digit8: ["_", "8"],
    Digit9: ["ç", "9"],
    Digit0: ["à", "0"],
    Minus: [")", "°"],
    Period: [":", "/"],
    Slash: ["!", "§"],
    Backquote: ["²", "²"],
    BracketRight: ["$", "£"],
  },
  // German QWERTZ: Y/Z swap, "=" and "`" are dead keys, "-" is where US has "/".
  qwertz: {
    KeyY: ["z", "Z"],
    KeyZ: ["y", "Y"],
    Digit2: ["2", '"'],
    Digit3: ["3", "§"],
    Digit6: ["6", "&"],
    Digit7: ["7", "/"],
    Digit8: ["8", "("],
    Digit9: ["9", ")"],
    Digit0: ["0", "="],
    Minus: ["ß", "?"],
    Equal: ["Dead", "Dead"],
    Semicolon: ["ö", "Ö"],
    Period: [".", ":"],
    Slash: ["-", "_"],
    Backquote: ["Dead", "°"],
    BracketRight: ["+", "*"],
  },
  // Hebrew (SI-1452): letters type Hebrew; Shift gives the Latin capital.
  hebrew: {
    KeyQ: ["/", "Q"],
    KeyW: ["'", "W"],
    KeyE: ["ק", "E"],
    KeyR: ["ר", "R"],
    KeyT: ["א", "T"],
    KeyY: ["ט", "Y"],
    KeyU: ["ו", "U"],
    KeyI: ["ן", "I"],
    KeyO: ["ם", "O"],
    KeyP: ["פ", "P"],
    KeyA: ["ש", "A"],
    KeyS: ["ד", "S"],
    KeyD: ["ג", "D"],
    KeyF: ["כ", "F"],
    KeyG: ["ע", "G"],
    KeyH: ["י", "H"],
    KeyJ: ["ח", "J"],
    KeyK: ["ל", "K"],
    KeyL: ["ך", "L"],
    KeyZ: ["ז", "Z"],
    KeyX: ["ס", "X"],
    KeyC: ["ב", "C"],
    KeyV: ["ה", "V"],
    KeyB: ["נ", "B"],
    KeyN: ["מ", "N"],
    KeyM: ["צ", "M"],
    Semicolon: ["ף", ":"],
    Period: ["ץ", ">"],
    Slash: [".", "?"],
    Backquote: [";", "~"],
  },
};

function usKeyFor(char: string): { readonly code: string; readonly shift: boolean } {
  const key = US_KEYS.get(char);
  if (key === undefined) throw new Error(`fixtures: no US key types ${JSON.stringify(char)}`);
  return key;
}

function hostKey(layout: HostLayout, code: string, shifted: boolean): string {
  const override = HOST_KEYS[layout][code];
  if (override !== undefined) return shifted ? override[1] : override[0];
  if (code === "Space") return " ";
  const letter = /^Key([A-Z])$/.exec(code)?.[1];
  if (letter !== undefined) return shifted ? letter : letter.toLowerCase();
  for (const [char, key] of US_KEYS) if (key.code === code && key.shift === shifted) return char;
  throw new Error(`fixtures: unknown code ${code}`);
}

export interface Typing {
  /** ms from the previous character's keydown to this one's; `index` starts at 1. */
  readonly gap: (index: number) => number;
  readonly layout?: HostLayout;
  readonly start?: number;
  /** Host CapsLock state, as `getModifierState("CapsLock")` reports it. */
  readonly capsLock?: boolean;
  /** The scanner inverts Shift on letters while the host's CapsLock is on (Honeywell "auto caps"). */
  readonly followsCapsLock?: boolean;
  readonly suffix?: "Enter" | "NumpadEnter" | "Tab";
}

/** Keydowns a US-emulating device produces for `text` on the given host. */
export function keystrokes(text: string, typing: Typing): KeydownRecord[] {
  const layout = typing.layout ?? "us";
  const capsLock = typing.capsLock ?? false;
  const records: KeydownRecord[] = [];
  let time = typing.start ?? 10_000.25;
  [...text].forEach((char, index) => {
    if (index > 0) time += typing.gap(index);
    const { code, shift: usShift } = usKeyFor(char);
    const isLetter = code.startsWith("Key");
    const shift = isLetter && capsLock && typing.followsCapsLock === true ? !usShift : usShift;
    // The host's CapsLock inverts letters, whatever the device meant.
    const shifted = isLetter && capsLock ? !shift : shift;
    if (shift) {
      records.push({
        code: "ShiftLeft",
        key: "Shift",
        shiftKey: true,
        capsLock,
        timeStamp: time - 2,
      });
    }
    records.push({
      code,
      key: hostKey(layout, code, shifted),
      shiftKey: shift,
      capsLock,
      timeStamp: time,
    });
  });
  if (typing.suffix !== undefined) {
    const key = typing.suffix === "Tab" ? "Tab" : "Enter";
    const timeStamp = time + typing.gap([...text].length);
    records.push({ code: typing.suffix, key, shiftKey: false, capsLock, timeStamp });
  }
  return records;
}

export interface RecordedEvent extends KeydownRecord {
  readonly type: "keydown" | "keyup";
}

/**
 * Adds the keyups, each `holdMs` after its keydown, so that keys overlap like a real device's
 * (the next key goes down before the last is up). A key is released before it is pressed again.
 */
export function withKeyups(keydowns: readonly KeydownRecord[], holdMs: number): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  keydowns.forEach((down, index) => {
    events.push({ ...down, type: "keydown" });
    const again = keydowns.slice(index + 1).find((next) => next.code === down.code);
    const up = Math.min(
      down.timeStamp + holdMs,
      (again?.timeStamp ?? Number.POSITIVE_INFINITY) - 0.5,
    );
    events.push({ ...down, type: "keyup", timeStamp: up });
  });
  return events.toSorted((a, b) => a.timeStamp - b.timeStamp);
}

/** What the DOM adapter feeds the detector: keydowns only. */
export function keydownsOf(events: readonly RecordedEvent[]): KeydownRecord[] {
  return events.filter((event) => event.type === "keydown").map(({ type: _type, ...down }) => down);
}

// Timing profiles.

/** USB HID scanner in Chromium: 8 ms per character, every ninth one 16 ms. */
export const usbGap = (index: number): number => (index % 9 === 0 ? 16 : 8);

const BLUETOOTH_BURST = [38, 44, 41, 46, 39, 43, 45, 40, 42, 44, 41];
/** Bluetooth HID scanner on an Android tablet: bursts at ~42 ms, a 135 ms pause every 12; ~50 ms/char. */
export const bluetoothGap = (index: number): number =>
  index % 12 === 0 ? 135 : (BLUETOOTH_BURST[index % BLUETOOTH_BURST.length] as number);

const FAST_TYPIST = [
  112, 138, 22, 131, 146, 104, 18, 127, 143, 136, 135, 27, 149, 118, 141, 128, 124, 35, 139, 116,
];
/** A fast typist (~110 ms/char): rollover gives gaps of 18–35 ms, and no gap exceeds 150 ms. */
export const fastTypistGap = (index: number): number =>
  FAST_TYPIST[index % FAST_TYPIST.length] as number;

const AVERAGE_TYPIST = [230, 190, 280, 250, 210, 170, 260, 245];
/** An average typist: ~230 ms/char. */
export const averageTypistGap = (index: number): number =>
  AVERAGE_TYPIST[index % AVERAGE_TYPIST.length] as number;

// Literal recordings.

/** Staff typing the PIN 4711 and Enter into a focused field, on a US host. */
export const PIN_TYPING: readonly KeydownRecord[] = [
  { code: "Digit4", key: "4", shiftKey: false, capsLock: false, timeStamp: 52_310.4 },
  { code: "Digit7", key: "7", shiftKey: false, capsLock: false, timeStamp: 52_498.9 },
  { code: "Digit1", key: "1", shiftKey: false, capsLock: false, timeStamp: 52_603.1 },
  { code: "Digit1", key: "1", shiftKey: false, capsLock: false, timeStamp: 52_871.6 },
  { code: "Enter", key: "Enter", shiftKey: false, capsLock: false, timeStamp: 53_120.2 },
];

/** A person holding "a" down: the first keydown, then auto-repeat after 500 ms every 33 ms. */
export const HELD_KEY: readonly KeydownRecord[] = Array.from({ length: 40 }, (_, index) => ({
  code: "KeyA",
  key: "a",
  shiftKey: false,
  repeat: index > 0,
  timeStamp: 70_000 + (index === 0 ? 0 : 500 + 33 * (index - 1)),
}));

/**
 * Android Chrome with a Bluetooth scanner: code "" and the right key for most keys; the virtual
 * keyboard's keyCode 229 arrives as key "Unidentified".
 */
export const ANDROID_KEYS = {
  emptyCode: { code: "", key: "a", shiftKey: false, timeStamp: 1_000 },
  unidentifiedCode: { code: "Unidentified", key: "S", shiftKey: true, timeStamp: 1_008 },
  unidentifiedKey: { code: "", key: "Unidentified", shiftKey: false, timeStamp: 1_016 },
} as const satisfies Record<string, KeydownRecord>;

/** A Bluetooth scan on Android: every keydown without a usable code. */
export function androidScan(text: string): KeydownRecord[] {
  return keystrokes(text, { gap: bluetoothGap, suffix: "Enter" }).map((record) => ({
    ...record,
    code: "",
  }));
}
