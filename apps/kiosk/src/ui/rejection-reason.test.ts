import { describe, expect, it } from "vitest";
import { loadCatalog } from "../i18n/catalogs";
import { createTranslator } from "../i18n/translate";
import { rejectionReason } from "./rejection-reason";

// Every code the server's sync answer carries today (apps/sync-server src/sync/rejection.ts).
const SERVER_CODES = [
  "invalid-event",
  "wrong-device",
  "wrong-merchant",
  "unknown-program",
  "unknown-card",
  "program-mismatch",
  "unknown-program-version",
  "id-conflict",
  "server-only",
  "scan-cap",
  "revoke-target-unknown",
  "device-clock-wrong",
  "card-blocked",
  "cooldown",
  "visit-cap",
  "daily-cap",
  "voucher-not-found",
  "voucher-already-redeemed",
  "voucher-expired",
  "voucher-withdrawn",
];

describe("rejection reasons", () => {
  it("says why in the till's language for every code the server sends", async () => {
    const de = createTranslator("de", await loadCatalog("de"));
    const english = "channel pos is for stamps the server makes";
    expect(rejectionReason(de.t, "server-only", english)).toBe(
      "Das macht nur der Server (Bons, Kasse, API), keine Kasse vor Ort.",
    );
    for (const code of SERVER_CODES)
      expect(rejectionReason(de.t, code, english), code).not.toBe(english);
  });

  it("falls back to the server's words for a code this version does not know", async () => {
    const he = createTranslator("he", await loadCatalog("he"));
    expect(rejectionReason(he.t, "something-new", "a reason")).toBe("a reason");
    expect(rejectionReason(he.t, "something-new", "")).toBe("something-new");
  });
});
