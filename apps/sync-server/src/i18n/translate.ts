import { en, type MessageKey } from "./en";

export type Locale = "en";
export type Params = Readonly<Record<string, string | number>>;

const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en };

/** Text for people, by key: `{name}` parameters, plural forms as `key.one` / `key.other`. */
export interface Translator {
  readonly locale: Locale;
  readonly dir: "ltr" | "rtl";
  t(key: MessageKey, params?: Params): string;
  /** Picks `<base>.<plural category>` for `count` (falling back to `.other`). */
  plural(base: string, count: number, params?: Params): string;
  dateTime(ms: number): string;
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

export function translator(locale: Locale = "en"): Translator {
  const catalog = CATALOGS[locale];
  const rules = new Intl.PluralRules(locale);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const numbers = new Intl.NumberFormat(locale);
  const percents = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const fill = (text: string, params: Params = {}) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  const t = (key: MessageKey, params?: Params) => fill(catalog[key], params);
  return {
    locale,
    dir: "ltr",
    t,
    plural: (base, count, params) => {
      const key = `${base}.${rules.select(count)}`;
      const text =
        (catalog as Record<string, string>)[key] ??
        (catalog as Record<string, string>)[`${base}.other`];
      if (text === undefined) throw new Error(`no message ${base}.other`);
      return fill(text, { count: numbers.format(count), ...params });
    },
    dateTime: (ms) => dates.format(ms),
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
