import type { en } from "./en";

/** Plural forms by CLDR category; `other` is always required. */
export type PluralMessage = { readonly other: string } & Partial<
  Readonly<Record<Exclude<Intl.LDMLPluralRule, "other">, string>>
>;

export type Message = string | PluralMessage;

export type MessageKey = keyof typeof en;

/**
 * Every catalog has exactly English's keys, and a plural in English is a plural everywhere:
 * a missing or misshapen translation is a type error.
 */
export type Catalog = {
  readonly [K in MessageKey]: (typeof en)[K] extends string ? string : PluralMessage;
};
