import { isRejectionCode } from "@stamp/core";
import type { Translator } from "../i18n/translate";

/**
 * Why the server refused one of this till's events, in the till's language: the catalogue's words
 * (`rejected.reason.<code>`, which the type checker demands for every code the server sends), its
 * own (English) message for a code this app version does not know yet.
 */
export function rejectionReason(t: Translator["t"], code: string, message: string): string {
  return isRejectionCode(code) ? t(`rejected.reason.${code}`) : message || code;
}
