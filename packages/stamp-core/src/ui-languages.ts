/**
 * The languages Stamp's own screens speak — the till, the admin pages, the customer pages and the
 * e-mails — in the order a language switcher lists them. One list for both apps: a language is
 * added here, then to each catalogue (whose types then say what is missing).
 */
export const UI_LANGUAGES = ["en", "de", "he", "kk"] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** Each language by its own name, as a switcher shows it. */
export const UI_LANGUAGE_NAMES: Readonly<Record<UiLanguage, string>> = {
  en: "English",
  de: "Deutsch",
  he: "עברית",
  kk: "Қазақша",
};

const RIGHT_TO_LEFT: ReadonlySet<UiLanguage> = new Set(["he"]);

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === "string" && (UI_LANGUAGES as readonly string[]).includes(value);
}

export function uiLanguageDirection(language: UiLanguage): "ltr" | "rtl" {
  return RIGHT_TO_LEFT.has(language) ? "rtl" : "ltr";
}
