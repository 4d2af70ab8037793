import { describe, expect, it } from "vitest";
import { decodeKey, type KeyInput } from "./key-decoder";

const key = (code: string, k: string, extra: Partial<KeyInput> = {}): KeyInput => ({
  code,
  key: k,
  shiftKey: false,
  ...extra,
});
const char = (c: string) => ({ kind: "char", char: c });

describe("decodeKey", () => {
  it("reads letters from the position, not from the host layout's key", () => {
    expect(decodeKey(key("KeyQ", "a"))).toEqual(char("q")); // AZERTY
    expect(decodeKey(key("KeyZ", "y"))).toEqual(char("z")); // QWERTZ
    expect(decodeKey(key("KeyA", "ש"))).toEqual(char("a")); // Hebrew
    expect(decodeKey(key("KeyA", "Q", { shiftKey: true }))).toEqual(char("A"));
  });

  it("reads digits and every punctuation a code can hold as a US keyboard types them", () => {
    const cases: [string, boolean, string, string][] = [
      ["Digit1", false, "&", "1"], // AZERTY types "&" unshifted
      ["Digit0", false, "à", "0"],
      ["Digit7", true, "/", "&"],
      ["Period", false, ":", "."],
      ["Minus", false, "ß", "-"],
      ["Minus", true, "?", "_"],
      ["Semicolon", true, "Ö", ":"],
      ["Slash", false, "-", "/"],
      ["Equal", true, "Dead", "+"],
      ["Equal", false, "Dead", "="], // a dead key on QWERTZ
      ["Space", false, " ", " "],
      ["Backquote", true, "°", "~"],
      ["Quote", true, "Ä", '"'],
      ["Backslash", false, "#", "\\"],
      ["BracketLeft", true, "Ü", "{"],
      ["Comma", true, ";", "<"],
    ];
    for (const [code, shiftKey, hostKey, expected] of cases) {
      expect(decodeKey(key(code, hostKey, { shiftKey })), code).toEqual(char(expected));
    }
  });

  it("lets CapsLock invert letters only, like a US keyboard", () => {
    expect(decodeKey(key("KeyS", "S", { capsLock: true }))).toEqual(char("S"));
    expect(decodeKey(key("KeyS", "s", { capsLock: true, shiftKey: true }))).toEqual(char("s"));
    expect(decodeKey(key("Digit1", "1", { capsLock: true }))).toEqual(char("1"));
    expect(decodeKey(key("Minus", "_", { capsLock: true, shiftKey: true }))).toEqual(char("_"));
  });

  it("names modifiers by key or by code", () => {
    for (const [code, k] of [
      ["ShiftLeft", "Shift"],
      ["ShiftRight", "Shift"],
      ["CapsLock", "CapsLock"],
      ["AltRight", "AltGraph"],
      ["", "Shift"],
      ["ControlLeft", "Unidentified"],
    ]) {
      expect(decodeKey(key(code as string, k as string)), `${code}/${k}`).toEqual({
        kind: "modifier",
      });
    }
  });

  it("reads Enter (and LF sent as NumpadEnter) and Tab", () => {
    expect(decodeKey(key("Enter", "Enter"))).toEqual({ kind: "enter" });
    expect(decodeKey(key("NumpadEnter", "Enter"))).toEqual({ kind: "enter" });
    expect(decodeKey(key("", "Enter"))).toEqual({ kind: "enter" });
    expect(decodeKey(key("Tab", "Tab"))).toEqual({ kind: "tab" });
    expect(decodeKey(key("Tab", "Tab", { shiftKey: true }))).toEqual({ kind: "tab" });
  });

  it("treats shortcuts and named keys as other keys", () => {
    expect(decodeKey(key("KeyC", "c", { ctrlKey: true }))).toEqual({ kind: "other" });
    expect(decodeKey(key("KeyR", "r", { metaKey: true }))).toEqual({ kind: "other" });
    expect(decodeKey(key("KeyQ", "@", { ctrlKey: true, altKey: true }))).toEqual({ kind: "other" }); // AltGr
    expect(decodeKey(key("Enter", "Enter", { ctrlKey: true }))).toEqual({ kind: "other" });
    for (const [code, k] of [
      ["Backspace", "Backspace"],
      ["ArrowLeft", "ArrowLeft"],
      ["Escape", "Escape"],
      ["F5", "F5"],
      ["Numpad1", "End"], // NumLock off
      ["IntlRo", "Dead"],
    ]) {
      expect(decodeKey(key(code as string, k as string)), code).toEqual({ kind: "other" });
    }
  });

  it("falls back to a printable key when there is no usable code (Android keyCode 229)", () => {
    expect(decodeKey(key("", "a"))).toEqual(char("a"));
    expect(decodeKey(key("Unidentified", "S", { shiftKey: true }))).toEqual(char("S"));
    expect(decodeKey(key("Numpad7", "7"))).toEqual(char("7"));
    expect(decodeKey(key("", "Unidentified"))).toEqual({ kind: "other" });
    expect(decodeKey(key("", ""))).toEqual({ kind: "other" });
    expect(decodeKey(key("", "\u0007"))).toEqual({ kind: "other" });
  });
});
