import { describe, expect, it } from "vitest";
import { CATALOG_AREAS, CATALOGS, type MessageKey } from "./catalog";
import { chooseLocale, LOCALES } from "./locales";
import { translator } from "./translate";

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();

const english = CATALOGS.en;
const keys = Object.keys(english) as MessageKey[];

describe("the message catalogue", () => {
  it("keeps each area's keys apart (no text of one area silently replaces another's)", () => {
    const areas = Object.values(CATALOG_AREAS).map((area) => Object.keys(area.en));
    const all = areas.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(keys.length);
  });

  describe.each(LOCALES.filter((locale) => locale !== "en"))("%s", (locale) => {
    const catalog = CATALOGS[locale];

    it("has exactly English's keys, none empty", () => {
      expect(Object.keys(catalog).sort()).toEqual([...keys].sort());
      for (const key of keys) expect(catalog[key].trim(), key).not.toBe("");
    });

    it("keeps English's {parameters} in every text", () => {
      for (const key of keys)
        expect(placeholders(catalog[key]), key).toEqual(placeholders(english[key]));
    });

    it("is translated, not English copied", () => {
      // Names and codes stay as they are (Stamp, API, PIN, Apple Wallet, SHA-256…): few texts.
      const copied = keys.filter(
        (key) => catalog[key] === english[key] && /[a-z]{4}/.test(english[key]),
      );
      expect(copied.length / keys.length, copied.join(", ")).toBeLessThan(0.03);
    });
  });
});

describe("translator", () => {
  it("formats a message's numbers for the language and keeps text parameters as given", () => {
    expect(translator("de").t("receipts.count.invalid", { max: 1000 })).toBe(
      "Eine ganze Zahl an Stempeln von 1 bis 1.000.",
    );
    expect(translator("he").t("staff.added", { name: "Dana" })).toBe("Dana נוסף/ה לצוות הקופה.");
  });

  it("picks plural forms by the language's rules, falling back to .other", () => {
    expect(translator("en").plural("receipts.made", 1)).toBe("1 code made");
    expect(translator("en").plural("receipts.made", 3)).toBe("3 codes made");
    // Hebrew's "two" has no text of its own: the plural form serves.
    expect(translator("he").plural("receipts.made", 2)).toBe("נוצרו 2 קודים");
    expect(translator("kk").plural("receipts.made", 1)).toBe("1 код жасалды");
  });

  it("writes Hebrew right to left and the others left to right", () => {
    expect(LOCALES.map((locale) => translator(locale).dir)).toEqual(["ltr", "ltr", "rtl", "ltr"]);
  });

  it("formats dates, money and percentages for the locale", () => {
    const at = Date.UTC(2026, 11, 5, 14, 30);
    expect(translator("de").date(at)).toBe("05.12.2026");
    expect(translator("de").money(450, "EUR")).toBe("4,50\u00a0€");
    expect(translator("en").percent(0.125)).toBe("12.5%");
  });

  it("refuses a key the catalogue does not have", () => {
    expect(() => translator("en").t("no.such.key" as MessageKey)).toThrow(/no message/);
  });
});

describe("chooseLocale", () => {
  it("takes ?lang=, else the best of Accept-Language, else the first offered", () => {
    expect(chooseLocale("kk", "de")).toBe("kk");
    expect(chooseLocale(undefined, "fr-FR, de;q=0.8, he;q=0.9")).toBe("he");
    expect(chooseLocale(undefined, "iw-IL")).toBe("he");
    expect(chooseLocale("fr", "fr")).toBe("en");
    expect(chooseLocale(undefined, "de", ["he", "kk"])).toBe("he");
  });
});
