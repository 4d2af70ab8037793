import {
  isUiLanguage,
  UI_LANGUAGE_NAMES,
  UI_LANGUAGES,
  type UiLanguage,
  uiLanguageDirection,
} from "@stamp/core";

/** The languages every page of the server speaks (stamp-core's list, shared with the till). */
export const LOCALES = UI_LANGUAGES;
export type Locale = UiLanguage;
export const LOCALE_NAMES = UI_LANGUAGE_NAMES;
export const isLocale = isUiLanguage;
export const localeDirection = uiLanguageDirection;

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
