import type { Program } from "@stamp/core";
import type { Context } from "hono";
import { chooseLocale, LOCALES, type Locale } from "../i18n/locales";
import { type Translator, translator } from "../i18n/translate";
import { passLocales } from "./program-design";

/**
 * The languages a customer page offers: the program's (its passes speak no others), every one we
 * have when the page belongs to no program (an unknown card or join link).
 */
export function offeredLocales(program: Program | null): readonly Locale[] {
  return program ? passLocales(program) : LOCALES;
}

/** A customer page's texts: `?lang=`, else the phone's languages, within what the program offers. */
export function customerMessages(c: Context, program: Program | null): Translator {
  return translator(
    chooseLocale(c.req.query("lang"), c.req.header("accept-language"), offeredLocales(program)),
  );
}

/**
 * Texts for a message sent to one customer (an e-mail, a restore link): the language they joined
 * in (kept with their e-mail consent) when the program still offers it, else the program's first.
 */
export function messagesForCustomer(
  program: Program,
  profile: Readonly<Record<string, string>> | null | undefined,
): Translator {
  const offered = passLocales(program);
  const joined = offered.find((locale) => locale === profile?.locale);
  return translator(joined ?? offered[0] ?? "en");
}
