import { NO_STAFF_SIGN_IN } from "@stamp/wire-protocol";
import { describe, expect, it } from "vitest";
import { stillSignedIn, tillOpen } from "./signed-in";

const pin = { kdf: "scrypt", N: 16384, r: 8, p: 1, salt: "c2FsdA", hash: "aGFzaA" } as const;
const staff = [{ id: "anna", name: "Anna", pin }];
const setting = { required: true, idleMinutes: 5 };
const anna = { staffId: "anna", name: "Anna", at: 0, lastActiveAt: 1_000 };

describe("staff sign-in at the till", () => {
  it("signs the Staff Scanner out after the location's idle time untouched", () => {
    expect(stillSignedIn(anna, staff, setting, "staff", 1_000 + 5 * 60_000 - 1)).toBe(anna);
    expect(stillSignedIn(anna, staff, setting, "staff", 1_000 + 5 * 60_000)).toBeNull();
  });

  it("keeps whoever opened Kiosk or Autopilot, however long it runs unattended", () => {
    for (const mode of ["kiosk", "autopilot"] as const)
      expect(stillSignedIn(anna, staff, setting, mode, 10 * 3_600_000)).toBe(anna);
  });

  it("signs out someone no longer on the location's staff", () => {
    expect(stillSignedIn(anna, [], setting, "kiosk", 2_000)).toBeNull();
  });

  it("opens the till to anyone when sign-in is off, else only to someone signed in", () => {
    expect(tillOpen(NO_STAFF_SIGN_IN, null)).toBe(true);
    expect(tillOpen(setting, null)).toBe(false);
    expect(tillOpen(setting, anna)).toBe(true);
  });
});
