import { AsyncLocalStorage } from "node:async_hooks";
import type { Context, MiddlewareHandler } from "hono";
import { chooseLocale, type Locale } from "../i18n/locales";
import { type Translator, translator } from "../i18n/translate";

export type LanguageEnv = { Variables: { tr: Translator } };

/** The browser's language: `?lang=`, else Accept-Language, else English. */
export function browserLocale(c: Context): Locale {
  return chooseLocale(c.req.query("lang"), c.req.header("accept-language"));
}

/**
 * The admin requests being handled, each its own context. On Node 20 and 22 an AsyncLocalStorage
 * that has run puts a hook on every promise the process makes, and keeps it until disabled: so
 * this one is disabled whenever no admin request is in flight. Left on (hono's context storage
 * was), it cost every sync round after a merchant had opened the admin 7.6 KB of garbage
 * (bench/round-overhead.ts).
 */
const adminRequests = new AsyncLocalStorage<Context<LanguageEnv>>();
let inFlight = 0;

/**
 * Every /admin page speaks the browser's language until the session is known; `requireAdmin`
 * then switches to the account's own choice (My account), if it made one.
 */
export function adminLanguage(): MiddlewareHandler<LanguageEnv> {
  return async (c, next) => {
    c.set("tr", translator(browserLocale(c)));
    inFlight += 1;
    try {
      await adminRequests.run(c, next);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) adminRequests.disable();
    }
  };
}

const current = (): Translator => adminRequests.getStore()?.var.tr ?? translator("en");

/**
 * The translator of the request being handled (set up for /admin in app.ts), so the admin routes'
 * shared `tr` speaks each admin's language without being handed around; outside an admin request
 * (or before adminLanguage ran) it is English.
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
