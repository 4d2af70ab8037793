/** A profile as the customer gave it on joining. */
export interface CardProfileFacts {
  readonly name?: string | undefined;
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
}

/** How a staff member may be reached: their admin account's e-mail, the phone kept for them. */
export interface StaffContact {
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
}

/** Fewer digits than this tell no one apart. */
const MIN_PHONE_DIGITS = 6;

const normal = (text: string) => text.trim().toLowerCase().replace(/\s+/g, " ");

/**
 * A phone number as compared (SPEC F1): its digits, and whether they start with a country code
 * (written `+…` or `00…`); a national number loses its trunk `0`s. Null: too short to compare.
 */
export function phoneDigits(text: string): { digits: string; international: boolean } | null {
  const written = text.trim();
  const all = written.replace(/\D/g, "");
  const international = written.startsWith("+") || all.startsWith("00");
  const digits = written.startsWith("+") ? all : all.replace(/^0+/, "");
  return digits.length < MIN_PHONE_DIGITS ? null : { digits, international };
}

/**
 * Whether two phone numbers are one (SPEC F1): the same digits however written (spaces, dashes,
 * brackets, `+` or `00`), or a national number and an international one that ends in it
 * (`030 1234567` and `+49 30 1234567`).
 */
export function samePhone(a: string, b: string): boolean {
  const one = phoneDigits(a);
  const other = phoneDigits(b);
  if (!one || !other) return false;
  if (one.international === other.international) return one.digits === other.digits;
  const [national, full] = one.international ? [other, one] : [one, other];
  return full.digits.endsWith(national.digits);
}

/**
 * The last digits every number `samePhone` finds the same as `text` ends in: what a store looks
 * candidates up by (their digits ending in it). Null: too short to compare.
 */
export function phoneTail(text: string): string | null {
  return phoneDigits(text)?.digits.slice(-MIN_PHONE_DIGITS) ?? null;
}

/** Whether two e-mail addresses are one: any case, spaces around them ignored. */
export function sameEmail(a: string, b: string): boolean {
  const one = a.trim().toLowerCase();
  return one !== "" && one === b.trim().toLowerCase();
}

/**
 * Whether a card is the staff member's own (F1): the same e-mail as their admin account, the same
 * phone as kept for them, or the same full name (two words at least, so a shared first name is no
 * link).
 */
export function cardLinkedToStaff(profile: CardProfileFacts | null, staff: StaffContact): boolean {
  if (!profile) return false;
  if (profile.email && staff.email && sameEmail(profile.email, staff.email)) return true;
  if (profile.phone && staff.phone && samePhone(profile.phone, staff.phone)) return true;
  const name = normal(staff.name);
  return !!profile.name && name.includes(" ") && normal(profile.name) === name;
}
