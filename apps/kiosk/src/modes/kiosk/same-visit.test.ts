import { describe, expect, it } from "vitest";
import type { UnattendedResult } from "../unattended-stamp";
import { rememberStamp, SAME_VISIT_MS, sameVisit } from "./same-visit";

const stamped = { kind: "stamped" } as UnattendedResult;
const refused = { kind: "refused" } as UnattendedResult;
const T0 = Date.parse("2026-12-05T10:00:00.000Z");

describe("the same visit at the kiosk", () => {
  it("shows the last success again for the same card within the visit, and only then", () => {
    const last = rememberStamp("CARD-A", stamped, T0);
    expect(sameVisit(last, "CARD-A", T0 + 5_000)).toBe(stamped);
    expect(sameVisit(last, "CARD-A", T0 + SAME_VISIT_MS)).toBeNull();
    expect(sameVisit(last, "CARD-B", T0 + 5_000)).toBeNull();
    expect(sameVisit(null, "CARD-A", T0)).toBeNull();
  });

  it("remembers stamps only: a refusal forgets the last success", () => {
    expect(rememberStamp("CARD-A", refused, T0)).toBeNull();
  });
});
