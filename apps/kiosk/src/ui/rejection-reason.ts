import type { MessageKey } from "../i18n/catalog";
import { en } from "../i18n/en";
import type { Translator } from "../i18n/translate";

/**
 * Why the server refused one of this till's events, in the till's language: the catalogue's words
 * (`rejected.reason.<code>`) for every code the server sends today, its own (English) message for
 * a code this app version does not know yet.
 */
export function rejectionReason(t: Translator["t"], code: string, message: string): string {
  const key = `rejected.reason.${code}`;
  return isMessageKey(key) ? t(key) : message || code;
}

/** English ships in the first load and has every key (see catalogs.ts). */
function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
