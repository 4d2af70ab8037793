import { REJECTION_CODES } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../i18n/catalogs";
import { createTranslator } from "../i18n/translate";
import { rejectionReason } from "./rejection-reason";

describe("rejection reasons", () => {
  it("says why in the till's language for every code the server sends", async () => {
    const de = createTranslator("de", await loadCatalog("de"));
    const english = "channel pos is for stamps the server makes";
    expect(rejectionReason(de.t, "server-only", english)).toBe(
      "Das macht nur der Server (Bons, Kasse, API), keine Kasse vor Ort.",
    );
    for (const code of REJECTION_CODES)
      expect(rejectionReason(de.t, code, english), code).not.toBe(english);
  });

  it("falls back to the server's words for a code this version does not know", async () => {
    const he = createTranslator("he", await loadCatalog("he"));
    expect(rejectionReason(he.t, "something-new", "a reason")).toBe("a reason");
    expect(rejectionReason(he.t, "something-new", "")).toBe("something-new");
  });
});
