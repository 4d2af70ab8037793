import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { parseEvent } from "./events";
import { parseProgram } from "./program";
import { EventFactory, makeProgram } from "./testing/fixtures";
import {
  CALENDAR_DATE,
  ISO_TIME,
  isPlainText,
  NON_EMPTY_TEXT,
  PLAIN_OBJECT,
  PLAIN_TEXT_MESSAGE,
} from "./validation";

const ok = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input).success;

/** Characters V6 refuses, one of each kind. */
const UNSAFE = [
  "\u0000",
  "\u0007",
  "\n",
  "\r",
  "\t",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u009f",
  "\u2028",
  "\u2029",
  "\u202a",
  "\u202b",
  "\u202c",
  "\u202d",
  "\u202e",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\ud800",
  "\udfff",
];

describe("text, objects and dates from untrusted input", () => {
  it("V6: refuses control characters, separators, direction overrides and lone surrogates", () => {
    const name = NON_EMPTY_TEXT(60);
    for (const bad of UNSAFE) {
      expect(isPlainText(`Caf${bad}é`), JSON.stringify(bad)).toBe(false);
      const parsed = v.safeParse(name, `Caf${bad}é`);
      expect(parsed.success, JSON.stringify(bad)).toBe(false);
      if (!parsed.success) expect(parsed.issues[0]?.message).toBe(PLAIN_TEXT_MESSAGE);
    }
  });

  it("V6: keeps every script, emoji sequences, joiners and right-to-left marks", () => {
    for (const good of ["קפה ‏שחור", "Кофе", "咖啡", "👩‍👩‍👧 family", "می‌خواهم", "Ökö-Café 2"])
      expect(ok(NON_EMPTY_TEXT(60), good), good).toBe(true);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }), (text) => {
        fc.pre(text.trim() !== "" && isPlainText(text));
        return ok(NON_EMPTY_TEXT(200), text);
      }),
    );
  });

  it("V6: events and programs carrying such text are refused", () => {
    const f = new EventFactory();
    const stamp = { ...f.added(1), orderRef: "A-1\u202eevil" };
    const parsed = parseEvent(stamp);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.issues).toEqual([{ path: "orderRef", message: PLAIN_TEXT_MESSAGE }]);
    const program = parseProgram({ ...makeProgram(), name: "Coffee\u0000card" });
    expect(program.ok).toBe(false);
  });

  it("V7: an array is not an object, even when every field is optional", () => {
    const profile = PLAIN_OBJECT({ name: v.optional(v.string()) });
    expect(ok(profile, {})).toBe(true);
    expect(ok(profile, { name: "x" })).toBe(true);
    for (const bad of [[], ["x"], "x", 1, null, true]) expect(ok(profile, bad)).toBe(false);
  });

  it("V8: a calendar date must exist, from 1900 on", () => {
    for (const good of ["1990-04-30", "2024-02-29", "1900-01-01", "2000-02-29"])
      expect(ok(CALENDAR_DATE, good), good).toBe(true);
    for (const bad of [
      "2026-02-30",
      "2023-02-29",
      "1900-02-29",
      "2026-04-31",
      "2026-13-01",
      "2026-00-10",
      "1899-12-31",
      "0000-01-01",
      "2026-1-1",
      "2026-01-01T00:00:00Z",
      " 2026-01-01",
    ])
      expect(ok(CALENDAR_DATE, bad), bad).toBe(false);
  });

  it("V8: an instant must exist and be written in full", () => {
    expect(ok(ISO_TIME, "2026-11-22T09:30:00.000Z")).toBe(true);
    for (const bad of [
      "2026-02-30T09:30:00.000Z",
      "2026-11-22T24:00:00.000Z",
      "2026-11-22T09:60:00.000Z",
      "2026-11-22T09:30:00Z",
      "2026-11-22T09:30:00.000+01:00",
      "+275760-09-13T00:00:00.000Z",
      "",
    ])
      expect(ok(ISO_TIME, bad), bad).toBe(false);
  });
});
