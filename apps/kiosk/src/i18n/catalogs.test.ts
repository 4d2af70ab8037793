import { describe, expect, it } from "vitest";
import type { Catalog, Message, MessageKey } from "./catalog";
import { loadCatalog } from "./catalogs";
import { en } from "./en";
import { LANGUAGES, type Language, preferredLanguage } from "./languages";
import { createTranslator } from "./translate";

const placeholders = (text: string): Set<string> =>
  new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string));

const forms = (message: Message): string[] =>
  typeof message === "string" ? [message] : Object.values(message).filter((f) => f !== undefined);

const catalogs = Object.fromEntries(
  await Promise.all(LANGUAGES.map(async (l) => [l, await loadCatalog(l)] as const)),
) as Record<Language, Catalog>;

describe.each(LANGUAGES)("%s catalog", (language) => {
  const catalog = catalogs[language];
  const keys = Object.keys(en) as MessageKey[];

  it("has exactly English's keys", () => {
    expect(Object.keys(catalog).sort()).toEqual([...keys].sort());
  });

  it("has every plural form the language needs, where English is a plural", () => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    for (const key of keys) {
      const message = catalog[key];
      if (typeof en[key] === "string") {
        expect(typeof message, key).toBe("string");
        continue;
      }
      expect(typeof message, key).toBe("object");
      for (const category of categories)
        expect((message as Record<string, string>)[category], `${key}.${category}`).toBeTypeOf(
          "string",
        );
    }
  });

  it("keeps English's placeholders (a plural may spell out its count)", () => {
    for (const key of keys) {
      const expected = new Set(forms(en[key]).flatMap((f) => [...placeholders(f)]));
      for (const form of forms(catalog[key])) {
        const found = placeholders(form);
        for (const name of found)
          expect(expected.has(name), `${key}: unknown {${name}}`).toBe(true);
        for (const name of expected)
          if (name !== "count") expect(found.has(name), `${key}: lost {${name}}`).toBe(true);
      }
    }
  });

  it("has no empty strings", () => {
    for (const key of keys)
      for (const form of forms(catalog[key])) expect(form.trim(), key).not.toBe("");
  });
});

describe("createTranslator", () => {
  it("fills placeholders and formats numbers for the language", () => {
    const t = createTranslator("de", catalogs.de);
    expect(t.t("status.waiting", { count: 1200 })).toBe("1.200 Änderungen noch nicht gesendet");
    expect(t.t("staff.handedOver", { reward: "Kaffee" })).toBe("Kaffee ausgegeben – gespeichert");
  });

  it("picks plural forms with Intl.PluralRules", () => {
    const t = createTranslator("en", catalogs.en);
    expect(t.t("status.waiting", { count: 1 })).toBe("1 change not sent yet");
    expect(t.t("status.waiting", { count: 7 })).toBe("7 changes not sent yet");
  });

  it("uses Hebrew's dual", () => {
    const t = createTranslator("he", catalogs.he);
    expect(t.t("card.toGo", { count: 1, reward: "קפה" })).toBe("עוד חותמת אחת לקפה");
    expect(t.t("card.toGo", { count: 2, reward: "קפה" })).toBe("עוד שתי חותמות לקפה");
    expect(t.t("card.toGo", { count: 5, reward: "קפה" })).toBe("עוד 5 חותמות לקפה");
  });

  it("leaves a placeholder visible when its value is missing", () => {
    const t = createTranslator("en", catalogs.en);
    expect(t.t("staff.handedOver")).toBe("{reward} handed over — saved");
  });
});

describe("preferredLanguage", () => {
  it("takes the first language with a catalog", () => {
    expect(preferredLanguage(["fr-FR", "de-AT", "en"])).toBe("de");
    expect(preferredLanguage(["iw-IL"])).toBe("he");
    expect(preferredLanguage(["kk-KZ"])).toBe("kk");
    expect(preferredLanguage(["fr"])).toBe("en");
  });
});
