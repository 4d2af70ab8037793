import { isPlainText } from "@stamp/core";
import type { MessageKey } from "../i18n/en";
import type { BusinessDetails } from "../storage/store";

export const MAX_PHONE_LENGTH = 32;
export const MAX_WEBSITE_LENGTH = 200;
export const MAX_ADDRESS_LENGTH = 200;
export const MAX_ADDRESS_LINES = 4;

/** Digits, spaces, brackets, dots, slashes and dashes, an optional leading +: how people write numbers. */
const PHONE = /^\+?[0-9 ()./-]+$/;
/** E.164 allows 15 digits; below 3 nothing is a number a customer can call. */
const PHONE_DIGITS = { min: 3, max: 15 };

export interface BusinessDetailsInput {
  readonly phone: string;
  readonly website: string;
  readonly address: string;
}

export type BusinessDetailsField = keyof BusinessDetailsInput;

export type ParsedBusinessDetails =
  | { readonly ok: true; readonly details: BusinessDetails }
  | {
      readonly ok: false;
      /** What is wrong, in words (admin catalogue keys), by field. */
      readonly errors: Partial<Record<BusinessDetailsField, MessageKey>>;
    };

/** One field: its value (null when left empty) or why it cannot be kept. */
type Checked = { readonly value: string | null } | { readonly error: MessageKey };

/**
 * The merchant's business details as typed into the admin form: each optional (empty is none),
 * the phone as typed (spaces collapsed), the website as an https URL (a bare host name gets
 * https://), the address as up to four lines of plain text.
 */
export function parseBusinessDetails(input: BusinessDetailsInput): ParsedBusinessDetails {
  const checked = {
    phone: checkPhone(input.phone),
    website: checkWebsite(input.website),
    address: checkAddress(input.address),
  };
  const errors: Partial<Record<BusinessDetailsField, MessageKey>> = {};
  for (const [name, result] of Object.entries(checked))
    if ("error" in result) errors[name as BusinessDetailsField] = result.error;
  const value = (result: Checked) => ("value" in result ? result.value : null);
  return Object.keys(errors).length > 0
    ? { ok: false, errors }
    : {
        ok: true,
        details: {
          phone: value(checked.phone),
          website: value(checked.website),
          address: value(checked.address),
        },
      };
}

function checkPhone(typed: string): Checked {
  const phone = typed.replace(/\s+/g, " ").trim();
  if (phone === "") return { value: null };
  const digits = phone.replace(/\D/g, "").length;
  return phone.length <= MAX_PHONE_LENGTH &&
    PHONE.test(phone) &&
    digits >= PHONE_DIGITS.min &&
    digits <= PHONE_DIGITS.max
    ? { value: phone }
    : { error: "business.phone.invalid" };
}

function checkWebsite(typed: string): Checked {
  const text = typed.trim();
  if (text === "") return { value: null };
  if (text.length > MAX_WEBSITE_LENGTH) return { error: "business.website.tooLong" };
  // "cafe.example:8443" is a host and port, not a scheme.
  const withScheme = /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { error: "business.website.invalid" };
  }
  if (url.protocol !== "https:") return { error: "business.website.notHttps" };
  // A host a customer's phone can look up: a name with a dot, no credentials, no spaces.
  if (
    !url.hostname.includes(".") ||
    url.username !== "" ||
    url.password !== "" ||
    /\s/.test(text) ||
    url.href.length > MAX_WEBSITE_LENGTH
  )
    return { error: "business.website.invalid" };
  return { value: url.href };
}

function checkAddress(typed: string): Checked {
  const lines = typed
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .filter((line) => line !== "");
  if (lines.length === 0) return { value: null };
  const address = lines.join("\n");
  if (lines.length > MAX_ADDRESS_LINES || address.length > MAX_ADDRESS_LENGTH)
    return { error: "business.address.tooLong" };
  if (!lines.every(isPlainText)) return { error: "business.address.invalid" };
  return { value: address };
}
