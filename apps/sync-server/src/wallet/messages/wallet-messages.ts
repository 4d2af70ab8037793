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

export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * A text in pieces: the catalogue's own words, and each text parameter as given (a name, a
 * reward) so a page can isolate it from the sentence's direction (`<bdi>`).
 */
export type MessagePart = string | { readonly given: string };

/** Texts in one language: `{name}` parameters filled from `params`. */
export interface Messages<Key extends string> {
  readonly locale: WalletLocale;
  readonly dir: "ltr" | "rtl";
  t(key: Key, params?: MessageParams): string;
  /** {@link t} in pieces; numbers are formatted into the words, text parameters kept apart. */
  parts(key: Key, params?: MessageParams): MessagePart[];
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
  const parts = (key: Key, params: MessageParams = {}): MessagePart[] =>
    catalog[key].split(/(\{\w+\})/).flatMap((piece): MessagePart[] => {
      const value = /^\{\w+\}$/.test(piece) ? params[piece.slice(1, -1)] : undefined;
      if (value === undefined) return piece === "" ? [] : [piece];
      return [typeof value === "number" ? numbers.format(value) : { given: value }];
    });
  return {
    locale,
    dir: RTL.has(locale) ? "rtl" : "ltr",
    t: (key, params) =>
      parts(key, params)
        .map((part) => (typeof part === "string" ? part : part.given))
        .join(""),
    parts,
    date: (ms) => dates.format(ms),
    time: (ms) => times.format(ms),
  };
}

/**
 * The language to show, one of `offered` (a program's languages; the first is its main one):
 * `?lang=` when offered, else the best offered one of Accept-Language (by q-value, primary
 * subtag), else the first offered.
 */
export function chooseLocale(
  query: string | undefined,
  acceptLanguage: string | undefined,
  offered: readonly WalletLocale[],
): WalletLocale {
  const isOffered = (tag: string): tag is WalletLocale =>
    isWalletLocale(tag) && offered.includes(tag);
  if (query && isOffered(query)) return query;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase().split("-")[0] ?? "", q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.tag !== "" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) if (isOffered(entry.tag)) return entry.tag;
  return offered[0] ?? "en";
}
