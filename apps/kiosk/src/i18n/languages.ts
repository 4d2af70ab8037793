export const LANGUAGES = ["en", "he", "de", "kk"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's own name, shown in switchers. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: "English",
  he: "עברית",
  de: "Deutsch",
  kk: "Қазақша",
};

export function isRtl(language: Language): boolean {
  return language === "he";
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The browser's preferred language when we have a catalog for it, else English. */
export function preferredLanguage(candidates: readonly string[]): Language {
  for (const tag of candidates) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "iw") return "he";
    if (isLanguage(base)) return base;
  }
  return "en";
}
