import { CATALOGS, type MessageKey, type Params, type ParamsFor, type PluralBase } from "./catalog";
import { type Locale, localeDirection } from "./locales";

export type { MessageKey, Params } from "./catalog";
export type { Locale } from "./locales";

/**
 * A text in pieces: the catalogue's own words, and each text parameter as given (a name, a reward)
 * so a page can isolate it from the sentence's direction (`<bdi>`).
 */
export type MessagePart = string | { readonly given: string };

/** Text for people in one language, by key: `{name}` parameters, plural forms as `key.one` / `key.other`. */
export interface Translator {
  readonly locale: Locale;
  readonly dir: "ltr" | "rtl";
  t<Key extends MessageKey>(key: Key, ...params: ParamsFor<Key>): string;
  /** The text with its `{name}` parameters left in, for a consumer that fills them itself. */
  template(key: MessageKey): string;
  /** {@link t} in pieces; numbers are formatted into the words, text parameters kept apart. */
  parts<Key extends MessageKey>(key: Key, ...params: ParamsFor<Key>): MessagePart[];
  /** Picks `<base>.<plural category>` for `count` (falling back to `.other`). */
  plural(base: PluralBase, count: number, params?: Params): string;
  /** Date and time, e.g. "5 Dec 2026, 14:30". */
  dateTime(ms: number): string;
  /** The day only, e.g. "5 Dec 2026". */
  date(ms: number): string;
  /** The time of day only, e.g. "14:30". */
  time(ms: number): string;
  number(n: number): string;
  /** A fraction as a percentage, e.g. 0.125 → "12.5%". */
  percent(fraction: number): string;
  /** An amount kept in minor units, in its currency: (450, "EUR") → "€4.50". */
  money(minorUnits: number, currency: string): string;
}

/** Digits after the decimal point in `currency`'s amounts (EUR 2, JPY 0, KWD 3); 2 if unknown. */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

const made = new Map<Locale, Translator>();

/** The translator of `locale` (made once: it holds the language's Intl formatters). */
export function translator(locale: Locale = "en"): Translator {
  let ready = made.get(locale);
  if (!ready) {
    ready = makeTranslator(locale);
    made.set(locale, ready);
  }
  return ready;
}

function makeTranslator(locale: Locale): Translator {
  const catalog: Readonly<Record<string, string>> = CATALOGS[locale];
  const rules = new Intl.PluralRules(locale);
  const dateTimes = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  const times = new Intl.DateTimeFormat(locale, { timeStyle: "short" });
  const numbers = new Intl.NumberFormat(locale);
  const percents = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const text = (key: string): string => {
    const found = catalog[key];
    if (found === undefined) throw new Error(`no message ${key}`);
    return found;
  };
  const parts = (key: string, params: Params = {}): MessagePart[] =>
    text(key)
      .split(/(\{\w+\})/)
      .flatMap((piece): MessagePart[] => {
        const value = /^\{\w+\}$/.test(piece) ? params[piece.slice(1, -1)] : undefined;
        if (value === undefined) return piece === "" ? [] : [piece];
        return [typeof value === "number" ? numbers.format(value) : { given: value }];
      });
  const fill = (key: string, params?: Params): string =>
    parts(key, params)
      .map((part) => (typeof part === "string" ? part : part.given))
      .join("");
  return {
    locale,
    dir: localeDirection(locale),
    t: (key, ...[params]) => fill(key, params),
    template: text,
    parts: (key, ...[params]) => parts(key, params),
    plural: (base, count, params) => {
      const key = `${base}.${rules.select(count)}`;
      return fill(key in catalog ? key : `${base}.other`, { count, ...params });
    },
    dateTime: (ms) => dateTimes.format(ms),
    date: (ms) => dates.format(ms),
    time: (ms) => times.format(ms),
    number: (n) => numbers.format(n),
    percent: (fraction) => percents.format(fraction),
    money: (minorUnits, currency) => {
      const digits = currencyDigits(currency);
      return new Intl.NumberFormat(locale, { style: "currency", currency }).format(
        minorUnits / 10 ** digits,
      );
    },
  };
}
