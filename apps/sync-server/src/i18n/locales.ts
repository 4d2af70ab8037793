/** The languages every page of the server speaks: admin pages, customer pages, `/setup`, e-mails. */
export const LOCALES = ["en", "de", "he", "kk"] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language by its own name, as a language switcher shows it. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: "English",
  de: "Deutsch",
  he: "עברית",
  kk: "Қазақша",
};

const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set(["he"]);

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function localeDirection(locale: Locale): "ltr" | "rtl" {
  return RIGHT_TO_LEFT.has(locale) ? "rtl" : "ltr";
}

/**
 * The language to show, one of `offered` (the first is the main one): `query` (`?lang=`) when
 * offered, else the best offered one of Accept-Language (by q-value, primary subtag; `iw` is the
 * old code of Hebrew), else the first offered.
 */
export function chooseLocale(
  query: string | undefined,
  acceptLanguage: string | undefined,
  offered: readonly Locale[] = LOCALES,
): Locale {
  const isOffered = (tag: string): tag is Locale => isLocale(tag) && offered.includes(tag);
  if (query && isOffered(query)) return query;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const primary = tag.toLowerCase().split("-")[0] ?? "";
      return { tag: primary === "iw" ? "he" : primary, q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.tag !== "" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) if (isOffered(entry.tag)) return entry.tag;
  return offered[0] ?? "en";
}
