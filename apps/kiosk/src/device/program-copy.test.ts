import { describe, expect, it } from "vitest";
import { makeProgram, PROGRAM, stampEvent, T0 } from "../testing/fixtures";
import { holdsProgramOf } from "./program-copy";

describe("holdsProgramOf", () => {
  const programs = new Map([[PROGRAM, makeProgram({ version: 3 })]]);

  it("T4: a stamp made under a version this device has not seen asks for the program again", () => {
    expect(holdsProgramOf(programs, stampEvent(T0, { programVersion: 3 }))).toBe(true);
    expect(holdsProgramOf(programs, stampEvent(T0, { programVersion: 4 }))).toBe(false);
    expect(holdsProgramOf(programs, stampEvent(T0))).toBe(true);
  });

  it("an event of a program this device does not know asks for it", () => {
    expect(holdsProgramOf(new Map(), stampEvent(T0))).toBe(false);
  });
});
