import { normalizeHex } from "./colors";
import { invalidPassData } from "./errors";
import {
  type BusinessContact,
  type CardBackField,
  type CardNotice,
  type CardSnapshot,
  type CardTexts,
  type CardVoucher,
  type ProgramDesign,
  type ProgramLocation,
  STAMP_ICON_NAMES,
} from "./wallet-input";

/** Wallet shows at most 10 locations (Apple `locations`, Google `merchantLocations`). */
export const MAX_LOCATIONS = 10;
export const MAX_STAMP_GOAL = 50;
const LOCALE_PATTERN = /^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$/;

/** What one card says in one language, shared by the Apple and Google builders. */
export interface CardContent {
  locale: string;
  programName: string;
  description: string;
  numberLabel: string;
  stampsLabel: string;
  rewardLabel: string;
  rewardTitle: string;
  statusLabel: string;
  statusValue: string;
  /** The program's texts for the back: how to earn, how to redeem, terms, where. */
  backFields: readonly CardBackField[];
  /** The link to the card's web page, when the card has one. */
  webCard: { label: string; url: string } | undefined;
  /** The business's contact details that are given, phone, website, address in this order. */
  contact: ContactLine[];
  /** Lock-screen texts, one per used location, in the order of {@link usedLocations}. */
  nearLocationTexts: string[];
  /** The rewards ready to use, one back field (and Google text module) each. */
  vouchers: { key: string; label: string; text: string }[];
  notice: { label: string; text: string } | undefined;
}

/** One contact detail on the back of the card: its label in this language, its value as given. */
export interface ContactLine {
  key: ContactKey;
  label: string;
  value: string;
}

export const CONTACT_KEYS = [
  "phone",
  "website",
  "address",
] as const satisfies readonly (keyof BusinessContact)[];
export type ContactKey = (typeof CONTACT_KEYS)[number];

/** The contact detail `key` of the card's content, when the business gave it. */
export function contactLine(content: CardContent, key: ContactKey): ContactLine | undefined {
  return content.contact.find((line) => line.key === key);
}

/** The `tel:` link of a phone number as people write it: its digits, after a leading + if any. */
export function telUri(phone: string): string {
  return `tel:${phone.trim().startsWith("+") ? "+" : ""}${phone.replace(/\D/g, "")}`;
}

const FIELD_KEY = /^[A-Za-z0-9._-]{1,64}$/;

function noticeText(
  texts: CardTexts,
  notice: CardNotice,
  locale: string,
  defaultLocale: string,
): string {
  const date = notice.date
    ? new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(notice.date)
    : "";
  switch (notice.kind) {
    case "earned":
      return texts.noticeEarned.replaceAll("{reward}", notice.reward);
    case "expiring":
      return texts.noticeExpiring.replaceAll("{reward}", notice.reward).replaceAll("{date}", date);
    case "expired":
      return texts.noticeExpired.replaceAll("{reward}", notice.reward);
    case "stamps-expired":
      return texts.noticeStampsExpired.replaceAll("{date}", date);
    case "message":
      return notice.texts?.[locale] ?? notice.texts?.[defaultLocale] ?? "";
    default: {
      const unreachable: never = notice.kind;
      throw invalidPassData(`unknown notice kind ${unreachable}`);
    }
  }
}

/** A voucher in one language: what it is, when it was earned, until when, its code. */
function voucherText(texts: CardTexts, voucher: CardVoucher, locale: string): string {
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  return [
    voucher.prizeHidden ? `${voucher.title}: ${texts.prizeHidden}` : voucher.title,
    texts.voucherEarned.replaceAll("{date}", date.format(voucher.earnedAt)),
    ...(voucher.validUntil
      ? [texts.voucherValidUntil.replaceAll("{date}", date.format(voucher.validUntil))]
      : []),
    ...(voucher.code ? [texts.voucherCode.replaceAll("{code}", voucher.code)] : []),
  ].join("\n");
}

/**
 * Rejects input Wallet would refuse or render wrongly, with a reason naming the field,
 * before any library sees it.
 *
 * @throws {PassBuilderError} `invalid-pass-data`
 */
export function assertValidCardInput(design: ProgramDesign, card: CardSnapshot): void {
  if (
    !Number.isInteger(design.stampGoal) ||
    design.stampGoal < 1 ||
    design.stampGoal > MAX_STAMP_GOAL
  ) {
    throw invalidPassData(
      `stampGoal must be an integer from 1 to ${MAX_STAMP_GOAL}, got ${design.stampGoal}`,
    );
  }
  if (!STAMP_ICON_NAMES.includes(design.stampIcon)) {
    throw invalidPassData(
      `stampIcon "${design.stampIcon}" is not one of ${STAMP_ICON_NAMES.join(", ")}`,
    );
  }
  for (const color of Object.values(design.colors)) normalizeHex(color);
  if (!design.texts[design.defaultLocale]) {
    throw invalidPassData(`texts has no entry for the default locale "${design.defaultLocale}"`);
  }
  for (const locale of Object.keys(design.texts)) {
    // Locales become folder names inside the pass archive.
    if (!LOCALE_PATTERN.test(locale))
      throw invalidPassData(`"${locale}" is not a locale like "en" or "pt-BR"`);
  }
  for (const location of usedLocations(design)) {
    if (!(Math.abs(location.latitude) <= 90) || !(Math.abs(location.longitude) <= 180)) {
      throw invalidPassData(
        `location "${location.name}" has no valid coordinates (${location.latitude}, ${location.longitude})`,
      );
    }
  }
  if (!Number.isInteger(card.stamps) || card.stamps < 0) {
    throw invalidPassData(`stamps must be a whole number ≥ 0, got ${card.stamps}`);
  }
  if (!Number.isInteger(card.rewardsReady) || card.rewardsReady < 0) {
    throw invalidPassData(`rewardsReady must be a whole number ≥ 0, got ${card.rewardsReady}`);
  }
  if (card.code === "") throw invalidPassData("the card code is empty");
  if (card.number === "") throw invalidPassData("the card number is empty");
  for (const voucher of card.vouchers ?? []) {
    if (!FIELD_KEY.test(voucher.key))
      throw invalidPassData(`voucher key "${voucher.key}" is not 1–64 of A-Z a-z 0-9 . _ -`);
  }
  const backKeys = (texts: CardTexts) => (texts.backFields ?? []).map((f) => f.key).join(" ");
  const defaultTexts = design.texts[design.defaultLocale] as CardTexts;
  for (const [locale, texts] of Object.entries(design.texts)) {
    for (const field of texts.backFields ?? []) {
      if (!FIELD_KEY.test(field.key) || field.key.startsWith("voucher-"))
        throw invalidPassData(`back field key "${field.key}" is not 1–64 of A-Z a-z 0-9 . _ -`);
    }
    // Other languages are paired with the default one slot by slot (pass.strings).
    if (backKeys(texts) !== backKeys(defaultTexts))
      throw invalidPassData(`back fields of "${locale}" differ from the default locale's`);
  }
  assertValidContact(design);
  if (card.webCardUrl !== undefined && !/^https?:\/\//.test(card.webCardUrl))
    throw invalidPassData(`webCardUrl "${card.webCardUrl}" is not an http(s) URL`);
  if (card.notice && !FIELD_KEY.test(card.notice.id))
    throw invalidPassData(`notice id "${card.notice.id}" is not 1–64 of A-Z a-z 0-9 . _ -`);
  if (card.barcode?.format === "ean13" && !/^\d{13}$/.test(card.barcode.message))
    throw invalidPassData(`an EAN-13 barcode is 13 digits, got "${card.barcode.message}"`);
  if (card.serialNumber === "") throw invalidPassData("the serial number is empty");
}

function assertValidContact(design: ProgramDesign): void {
  const contact = design.contact ?? {};
  if (contact.phone !== undefined && !/\d/.test(contact.phone))
    throw invalidPassData(`contact phone "${contact.phone}" has no digits`);
  if (contact.website !== undefined && !/^https:\/\/[^\s]+$/.test(contact.website))
    throw invalidPassData(`contact website "${contact.website}" is not an https URL`);
  for (const key of CONTACT_KEYS) {
    if (contact[key] === "")
      throw invalidPassData(`contact ${key} is empty (leave it out instead)`);
    if (contact[key] === undefined) continue;
    for (const [locale, texts] of Object.entries(design.texts))
      if (!texts.contactLabels?.[key])
        throw invalidPassData(`texts of "${locale}" have no label for the contact ${key}`);
  }
}

export function usedLocations(design: ProgramDesign): readonly ProgramLocation[] {
  return (design.locations ?? []).slice(0, MAX_LOCATIONS);
}

/** The card's texts in `locale`, which must be a key of `design.texts`. */
export function cardContent(
  design: ProgramDesign,
  card: CardSnapshot,
  locale: string,
): CardContent {
  const texts: CardTexts | undefined = design.texts[locale];
  if (!texts) throw invalidPassData(`texts has no entry for locale "${locale}"`);
  return {
    locale,
    programName: texts.programName,
    description: texts.description,
    numberLabel: texts.numberLabel,
    stampsLabel: texts.stampsLabel,
    rewardLabel: texts.rewardLabel,
    rewardTitle: texts.rewardTitle,
    statusLabel: texts.statusLabel,
    statusValue:
      card.rewardsReady === 0
        ? texts.statusCollecting
        : card.rewardsReady === 1
          ? texts.statusOneReady.replaceAll(
              "{reward}",
              card.vouchers?.[0]?.title ?? texts.rewardTitle,
            )
          : texts.statusManyReady.replaceAll("{count}", String(card.rewardsReady)),
    backFields: texts.backFields ?? [],
    webCard:
      card.webCardUrl && texts.webCardLabel
        ? { label: texts.webCardLabel, url: card.webCardUrl }
        : undefined,
    contact: CONTACT_KEYS.flatMap((key) => {
      const value = design.contact?.[key];
      const label = texts.contactLabels?.[key];
      return value && label ? [{ key, label, value }] : [];
    }),
    nearLocationTexts: usedLocations(design).map(
      (location) =>
        location.relevantText || texts.nearLocation.replaceAll("{location}", location.name),
    ),
    vouchers: (card.vouchers ?? []).map((voucher) => ({
      key: `voucher-${voucher.key}`,
      label: texts.voucherLabel,
      text: voucherText(texts, voucher, locale),
    })),
    notice: card.notice
      ? {
          label: texts.noticeLabel,
          text: noticeText(texts, card.notice, locale, design.defaultLocale),
        }
      : undefined,
  };
}

/** Locales in a stable order, the default one first. */
export function localesOf(design: ProgramDesign): string[] {
  return [
    design.defaultLocale,
    ...Object.keys(design.texts)
      .filter((locale) => locale !== design.defaultLocale)
      .sort(),
  ];
}
