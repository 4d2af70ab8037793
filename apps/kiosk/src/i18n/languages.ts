import {
  isUiLanguage,
  UI_LANGUAGE_NAMES,
  UI_LANGUAGES,
  type UiLanguage,
  uiLanguageDirection,
} from "@stamp/core";

/** The languages the till speaks (stamp-core's list, shared with the server's pages). */
export const LANGUAGES = UI_LANGUAGES;
export type Language = UiLanguage;
export const LANGUAGE_NAMES = UI_LANGUAGE_NAMES;
export const isLanguage = isUiLanguage;

export function isRtl(language: Language): boolean {
  return uiLanguageDirection(language) === "rtl";
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
