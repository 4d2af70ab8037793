import type { Context, MiddlewareHandler } from "hono";
import { tryGetContext } from "hono/context-storage";
import { chooseLocale, type Locale } from "../i18n/locales";
import { type Translator, translator } from "../i18n/translate";

export type LanguageEnv = { Variables: { tr: Translator } };

/** The browser's language: `?lang=`, else Accept-Language, else English. */
export function browserLocale(c: Context): Locale {
  return chooseLocale(c.req.query("lang"), c.req.header("accept-language"));
}

/**
 * Every /admin page speaks the browser's language until the session is known; `requireAdmin`
 * then switches to the account's own choice (My account), if it made one.
 */
export function adminLanguage(): MiddlewareHandler<LanguageEnv> {
  return async (c, next) => {
    c.set("tr", translator(browserLocale(c)));
    await next();
  };
}

const current = (): Translator => tryGetContext<LanguageEnv>()?.var.tr ?? translator("en");

/**
 * The translator of the request being handled (hono's context storage, set up for /admin in
 * app.ts), so the admin routes' shared `tr` speaks each admin's language without being handed
 * around; outside an admin request (or before adminLanguage ran) it is English.
 */
export const requestTranslator: Translator = {
  get locale() {
    return current().locale;
  },
  get dir() {
    return current().dir;
  },
  t: (key, ...params) => current().t(key, ...params),
  template: (key) => current().template(key),
  parts: (key, ...params) => current().parts(key, ...params),
  plural: (base, count, params) => current().plural(base, count, params),
  dateTime: (ms) => current().dateTime(ms),
  date: (ms) => current().date(ms),
  time: (ms) => current().time(ms),
  number: (n) => current().number(n),
  percent: (fraction) => current().percent(fraction),
  money: (minorUnits, currency) => current().money(minorUnits, currency),
};
