import { de } from "./de";
import { en, type WalletMessageKey } from "./en";
import { he } from "./he";
import { kk } from "./kk";

export const WALLET_LOCALES = ["en", "de", "he", "kk"] as const;
export type WalletLocale = (typeof WALLET_LOCALES)[number];

const CATALOGS: Record<WalletLocale, Record<WalletMessageKey, string>> = { en, de, he, kk };
const RTL: ReadonlySet<WalletLocale> = new Set(["he"]);

export function isWalletLocale(value: string): value is WalletLocale {
  return (WALLET_LOCALES as readonly string[]).includes(value);
}

/** Texts in one language: `{name}` parameters filled from `params`. */
export interface Messages<Key extends string> {
  readonly locale: WalletLocale;
  readonly dir: "ltr" | "rtl";
  t(key: Key, params?: Readonly<Record<string, string | number>>): string;
  date(ms: number): string;
  time(ms: number): string;
}

/** Customer texts (passes, join page, web card). */
export type WalletMessages = Messages<WalletMessageKey>;

export function walletMessages(locale: WalletLocale): WalletMessages {
  return catalogMessages(CATALOGS, locale);
}

/** One language of a catalogue kept in every locale the customer pages speak. */
export function catalogMessages<Key extends string>(
  catalogs: Readonly<Record<WalletLocale, Readonly<Record<Key, string>>>>,
  locale: WalletLocale,
): Messages<Key> {
  const catalog = catalogs[locale];
  const numbers = new Intl.NumberFormat(locale);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  const times = new Intl.DateTimeFormat(locale, { timeStyle: "short" });
  return {
    locale,
    dir: RTL.has(locale) ? "rtl" : "ltr",
    t: (key, params = {}) =>
      catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
        const value = params[name];
        if (value === undefined) return whole;
        return typeof value === "number" ? numbers.format(value) : value;
      }),
    date: (ms) => dates.format(ms),
    time: (ms) => times.format(ms),
  };
}

/**
 * The language to show: `?lang=` when it is one we have, else the best of Accept-Language (by
 * q-value, primary subtag), else `fallback`.
 */
export function chooseLocale(
  query: string | undefined,
  acceptLanguage: string | undefined,
  fallback: WalletLocale,
): WalletLocale {
  if (query && isWalletLocale(query)) return query;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase().split("-")[0] ?? "", q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.tag !== "" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) if (isWalletLocale(entry.tag)) return entry.tag;
  return fallback;
}
