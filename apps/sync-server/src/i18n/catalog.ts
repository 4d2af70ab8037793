import { de as setupDe } from "../setup/messages/de";
import { en as setupEn } from "../setup/messages/en";
import { he as setupHe } from "../setup/messages/he";
import { kk as setupKk } from "../setup/messages/kk";
import { de as customerDe } from "../wallet/messages/de";
import { en as customerEn } from "../wallet/messages/en";
import { he as customerHe } from "../wallet/messages/he";
import { kk as customerKk } from "../wallet/messages/kk";
import { de as adminDe } from "./de";
import { en as adminEn } from "./en";
import { he as adminHe } from "./he";
import { kk as adminKk } from "./kk";
import type { Locale } from "./locales";

/**
 * The server's one message catalogue. English is the reference: every other language has exactly
 * its keys (each area's table is typed by its English keys, so a missing key fails typecheck).
 * The texts live by area — admin pages (`i18n/<locale>.ts`), customer pages and passes
 * (`wallet/messages/`), `/setup` (`setup/messages/`, keys `setup.*`) — whose keys never overlap
 * (catalog.test.ts).
 */
export const CATALOG_AREAS = {
  admin: { en: adminEn, de: adminDe, he: adminHe, kk: adminKk },
  customer: { en: customerEn, de: customerDe, he: customerHe, kk: customerKk },
  setup: { en: setupEn, de: setupDe, he: setupHe, kk: setupKk },
} as const;

const en = { ...adminEn, ...customerEn, ...setupEn };

/** English texts by key, with their literal types: the parameters a message takes are read off them. */
export type English = typeof en;
export type MessageKey = keyof English;
export type Catalog = Readonly<Record<MessageKey, string>>;

export const CATALOGS: Readonly<Record<Locale, Catalog>> = {
  en,
  de: { ...adminDe, ...customerDe, ...setupDe },
  he: { ...adminHe, ...customerHe, ...setupHe },
  kk: { ...adminKk, ...customerKk, ...setupKk },
};

/** The `{name}` parameters of a text. */
type ParamNames<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamNames<Rest>
  : never;

type IsUnion<T, All = T> = T extends unknown ? ([All] extends [T] ? false : true) : never;

/** Values for a message's parameters: numbers are formatted for the language, text kept as given. */
export type Params = Readonly<Record<string, string | number>>;

/**
 * The parameters a call passes for `key`: every `{name}` of its English text is required (more are
 * allowed, e.g. a plural's `count`). A key chosen at run time (a union) takes any parameters.
 */
export type ParamsFor<Key extends MessageKey> =
  true extends IsUnion<Key>
    ? [params?: Params]
    : [ParamNames<English[Key]>] extends [never]
      ? [params?: Params]
      : [params: Readonly<Record<ParamNames<English[Key]>, string | number>> & Params];

/** Keys with plural forms (`<base>.one`, `<base>.other`, …), by their base. */
export type PluralBase = MessageKey extends infer Key
  ? Key extends `${infer Base}.other`
    ? Base
    : never
  : never;
