import type { Catalog, MessageKey, PluralMessage } from "./catalog";
import type { Language } from "./languages";

export type Params = Readonly<Record<string, string | number>>;

export interface Translator {
  readonly language: Language;
  t(key: MessageKey, params?: Params): string;
  /** Numbers in the language's own format. */
  number(value: number): string;
}

const PARAMETER = /\{(\w+)\}/g;

/**
 * ICU-ish messages: `{name}` parameters, and plural messages picked by Intl.PluralRules from
 * `params.count` (Hebrew has one/two/other, German one/other, Kazakh one/other).
 */
export function createTranslator(language: Language, catalog: Catalog): Translator {
  const plurals = new Intl.PluralRules(language);
  const numbers = new Intl.NumberFormat(language);
  const format = (template: string, params: Params | undefined): string =>
    template.replace(PARAMETER, (whole, name: string) => {
      const value = params?.[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? numbers.format(value) : value;
    });
  return {
    language,
    number: (value) => numbers.format(value),
    t(key, params) {
      const message = catalog[key];
      if (typeof message === "string") return format(message, params);
      const count = Number(params?.count ?? 0);
      const form = (message as PluralMessage)[plurals.select(count)] ?? message.other;
      return format(form, params);
    },
  };
}
