import {
  assertValidCardInput,
  type CardContent,
  cardContent,
  contactLine,
  localesOf,
  telUri,
  usedLocations,
} from "./card-content";
import { normalizeHex } from "./colors";
import { invalidPassData } from "./errors";
import type { CardSnapshot, ProgramDesign } from "./wallet-input";

/** Google Wallet REST types, reduced to the fields Stamp sets. */

export interface TranslatedString {
  language: string;
  value: string;
}

export interface LocalizedString {
  defaultValue: TranslatedString;
  translatedValues?: TranslatedString[];
}

export interface WalletImage {
  sourceUri: { uri: string };
  contentDescription?: LocalizedString;
}

export type ReviewStatus = "UNDER_REVIEW" | "DRAFT";

export interface LoyaltyClass {
  /** `<issuerId>.<programId>` */
  id: string;
  issuerName: string;
  programName: string;
  localizedProgramName: LocalizedString;
  programLogo: WalletImage;
  hexBackgroundColor: string;
  reviewStatus: ReviewStatus;
}

export type LoyaltyObjectState = "ACTIVE" | "INACTIVE" | "COMPLETED" | "EXPIRED";

export interface TextModuleData {
  id: string;
  header: string;
  body: string;
  localizedHeader: LocalizedString;
  localizedBody: LocalizedString;
}

export type GoogleBarcodeType = "QR_CODE" | "CODE_128" | "EAN_13";

/** A message on the back of the card; `TEXT_AND_NOTIFY` also notifies the phone (3 a day at most). */
export interface WalletMessage {
  id: string;
  header: string;
  body: string;
  localizedHeader: LocalizedString;
  localizedBody: LocalizedString;
  messageType: "TEXT" | "TEXT_AND_NOTIFY";
}

export interface LoyaltyObject {
  /** `<issuerId>.<serialNumber>` */
  id: string;
  classId: string;
  state: LoyaltyObjectState;
  loyaltyPoints: {
    label: string;
    localizedLabel: LocalizedString;
    balance: { string: string };
  };
  /** Exactly one of `barcode` and `rotatingBarcode` is set. */
  barcode?: GoogleBarcode;
  rotatingBarcode?: RotatingBarcode;
  textModulesData: TextModuleData[];
  /** Links on the back: the card's own web page, the business's website and phone. */
  linksModuleData?: { uris: LinkUri[] };
  merchantLocations: { latitude: number; longitude: number }[];
  heroImage?: WalletImage;
}

export interface LinkUri {
  id: string;
  /** https: or tel: */
  uri: string;
  description: string;
  localizedDescription?: LocalizedString;
}

export interface GoogleBarcode {
  type: GoogleBarcodeType;
  value: string;
  alternateText: string;
}

/**
 * A barcode the phone redraws every period: `valuePattern` with `{totp_value_0}` replaced by the
 * TOTP value of `totpDetails.parameters[0]` (RFC 6238; the key in Base16).
 */
export interface RotatingBarcode {
  type: "QR_CODE";
  renderEncoding: "UTF_8";
  valuePattern: string;
  alternateText: string;
  totpDetails: {
    periodMillis: string;
    algorithm: "TOTP_SHA1";
    parameters: { key: string; valueLength: number }[];
  };
}

/**
 * What a PATCH may change on an existing object: everything but its ids. The barcode kind not in
 * use is sent as null, which clears it at Google: a card switched to a rotating barcode must not
 * keep showing its still one.
 */
export type LoyaltyObjectPatch = Partial<
  Omit<LoyaltyObject, "id" | "classId" | "barcode" | "rotatingBarcode">
> & { barcode?: GoogleBarcode | null; rotatingBarcode?: RotatingBarcode | null };

export interface LoyaltyClassOptions {
  /** The Google Wallet issuer id (digits), from the Google Pay & Wallet console. */
  issuerId: string;
  /** Public HTTPS URL of the program logo; Google fetches it (square, ≥ 660 px recommended). */
  programLogoUrl: string;
  /** New classes must be "UNDER_REVIEW" (or "DRAFT" while testing); default "UNDER_REVIEW". */
  reviewStatus?: ReviewStatus;
}

export interface LoyaltyObjectOptions {
  issuerId: string;
  /** Public URL of a banner for this card, e.g. the stamp strip for its current count. */
  heroImageUrl?: string;
}

const ID_SUFFIX = /^[A-Za-z0-9._-]+$/;
const ISSUER_ID = /^\d+$/;

/** `<issuerId>.<suffix>`, the id form Google requires for classes and objects. */
export function walletId(issuerId: string, suffix: string): string {
  if (!ISSUER_ID.test(issuerId))
    throw invalidPassData(`Google issuer id "${issuerId}" is not all digits`);
  if (!ID_SUFFIX.test(suffix)) {
    throw invalidPassData(
      `"${suffix}" cannot be part of a Google Wallet id (allowed: A-Z a-z 0-9 . _ -)`,
    );
  }
  return `${issuerId}.${suffix}`;
}

/**
 * The program as a Google Wallet LoyaltyClass. Upsert it whenever the program's name,
 * logo or colours change.
 */
export function buildLoyaltyClass(
  design: ProgramDesign,
  options: LoyaltyClassOptions,
): LoyaltyClass {
  const texts = new Map(
    localesOf(design).flatMap((locale) => {
      const forLocale = design.texts[locale];
      return forLocale ? [[locale, forLocale] as const] : [];
    }),
  );
  const programName = localized(design, texts, (t) => t.programName);
  return {
    id: walletId(options.issuerId, design.programId),
    issuerName: design.organizationName,
    programName: programName.defaultValue.value,
    localizedProgramName: programName,
    programLogo: {
      sourceUri: { uri: options.programLogoUrl },
      contentDescription: programName,
    },
    hexBackgroundColor: normalizeHex(design.colors.background),
    reviewStatus: options.reviewStatus ?? "UNDER_REVIEW",
  };
}

/**
 * One card as a Google Wallet LoyaltyObject: stamps as `loyaltyPoints` ("3/10"), the
 * card code as QR barcode, reward and status as text modules, up to 10 locations.
 *
 * @throws {PassBuilderError} `invalid-pass-data`
 */
export function buildLoyaltyObject(
  design: ProgramDesign,
  card: CardSnapshot,
  options: LoyaltyObjectOptions,
): LoyaltyObject {
  assertValidCardInput(design, card);
  const contents = new Map(
    localesOf(design).map((locale) => [locale, cardContent(design, card, locale)] as const),
  );
  const textModule = (
    id: string,
    header: (c: CardContent) => string,
    body: (c: CardContent) => string,
  ) => {
    const localizedHeader = localized(design, contents, header);
    const localizedBody = localized(design, contents, body);
    return {
      id,
      header: localizedHeader.defaultValue.value,
      body: localizedBody.defaultValue.value,
      localizedHeader,
      localizedBody,
    };
  };
  const label = localized(design, contents, (c) => c.stampsLabel);
  const textModulesData = [
    textModule(
      "reward",
      (c) => c.rewardLabel,
      (c) => c.rewardTitle,
    ),
    textModule(
      "status",
      (c) => c.statusLabel,
      (c) => c.statusValue,
    ),
    ...(card.vouchers ?? []).map((_, i) =>
      textModule(
        `voucher-${card.vouchers?.[i]?.key}`,
        (c) => c.vouchers[i]?.label ?? "",
        (c) => c.vouchers[i]?.text ?? "",
      ),
    ),
  ];
  const defaults = contents.get(design.defaultLocale) as CardContent;
  defaults.backFields.forEach((back, i) => {
    textModulesData.push(
      textModule(
        back.key,
        (c) => c.backFields[i]?.label ?? "",
        (c) => c.backFields[i]?.text ?? "",
      ),
    );
  });
  // What a person types at the till when the barcode cannot be scanned (also its alternateText).
  textModulesData.push(
    textModule(
      "number",
      (c) => c.numberLabel,
      () => card.number,
    ),
  );
  const address = contactLine(defaults, "address");
  if (address)
    textModulesData.push(
      textModule(
        "contact-address",
        (c) => contactLine(c, "address")?.label ?? "",
        () => address.value,
      ),
    );
  const links = googleLinks(design, contents, defaults);
  return {
    id: walletId(options.issuerId, card.serialNumber),
    classId: walletId(options.issuerId, design.programId),
    state: card.active ? "ACTIVE" : "INACTIVE",
    loyaltyPoints: {
      label: label.defaultValue.value,
      localizedLabel: label,
      balance: { string: `${card.stamps}/${design.stampGoal}` },
    },
    ...frontBarcode(card),
    textModulesData,
    ...(links.length > 0 ? { linksModuleData: { uris: links } } : {}),
    merchantLocations: usedLocations(design).map(({ latitude, longitude }) => ({
      latitude,
      longitude,
    })),
    ...(options.heroImageUrl ? { heroImage: { sourceUri: { uri: options.heroImageUrl } } } : {}),
  };
}

/** The links module: the card's web page, the business's website, its phone (a `tel:` link). */
function googleLinks(
  design: ProgramDesign,
  contents: Map<string, CardContent>,
  defaults: CardContent,
): LinkUri[] {
  const website = contactLine(defaults, "website");
  const phone = contactLine(defaults, "phone");
  return [
    ...(defaults.webCard
      ? [
          {
            id: "web-card",
            uri: defaults.webCard.url,
            description: defaults.webCard.label,
            localizedDescription: localized(design, contents, (c) => c.webCard?.label ?? ""),
          },
        ]
      : []),
    ...(website
      ? [
          {
            id: "contact-website",
            uri: website.value,
            description: website.label,
            localizedDescription: localized(
              design,
              contents,
              (c) => contactLine(c, "website")?.label ?? "",
            ),
          },
        ]
      : []),
    // The number itself is the link's text: the phone icon says what it is, in any language.
    ...(phone ? [{ id: "contact-phone", uri: telUri(phone.value), description: phone.value }] : []),
  ];
}

/**
 * A ready voucher's code (the merchant's choice) stays still: the voucher's state guards it. The
 * card code rotates when the card has a TOTP key, else it is a still QR code.
 */
function frontBarcode(
  card: CardSnapshot,
): { barcode: GoogleBarcode } | { rotatingBarcode: RotatingBarcode } {
  if (card.barcode) {
    return {
      barcode: {
        type: GOOGLE_BARCODE[card.barcode.format],
        value: card.barcode.message,
        alternateText: card.barcode.altText,
      },
    };
  }
  const rotating = card.rotatingBarcode;
  if (!rotating)
    return { barcode: { type: "QR_CODE", value: card.code, alternateText: card.number } };
  if (!/^([0-9a-f]{2})+$/i.test(rotating.totpKey))
    throw invalidPassData("a rotating barcode's TOTP key must be Base16");
  if (!rotating.valuePattern.includes("{totp_value_0}"))
    throw invalidPassData("a rotating barcode's value pattern needs {totp_value_0}");
  return {
    rotatingBarcode: {
      type: "QR_CODE",
      renderEncoding: "UTF_8",
      valuePattern: rotating.valuePattern,
      alternateText: card.number,
      totpDetails: {
        periodMillis: String(rotating.periodMillis),
        algorithm: "TOTP_SHA1",
        parameters: [{ key: rotating.totpKey.toLowerCase(), valueLength: rotating.digits }],
      },
    },
  };
}

const GOOGLE_BARCODE: Record<NonNullable<CardSnapshot["barcode"]>["format"], GoogleBarcodeType> = {
  qr: "QR_CODE",
  code128: "CODE_128",
  ean13: "EAN_13",
};

/**
 * The card's notice (a reward earned, one about to expire) as a Google message that notifies the
 * phone; null when the card has none. Send it once per notice id (`addMessage`).
 */
export function buildLoyaltyMessage(
  design: ProgramDesign,
  card: CardSnapshot,
): WalletMessage | null {
  if (!card.notice) return null;
  assertValidCardInput(design, card);
  const contents = new Map(
    localesOf(design).map((locale) => [locale, cardContent(design, card, locale)] as const),
  );
  const header = localized(design, contents, (c) => c.notice?.label ?? "");
  const body = localized(design, contents, (c) => c.notice?.text ?? "");
  return {
    id: card.notice.id,
    header: header.defaultValue.value,
    body: body.defaultValue.value,
    localizedHeader: header,
    localizedBody: body,
    messageType: "TEXT_AND_NOTIFY",
  };
}

/** Google's LocalizedString: the default locale's text plus every other locale's. */
function localized<T>(
  design: ProgramDesign,
  byLocale: ReadonlyMap<string, T>,
  pick: (texts: T) => string,
): LocalizedString {
  const translatedValues: TranslatedString[] = [];
  let defaultValue: TranslatedString | undefined;
  for (const [language, texts] of byLocale) {
    const entry = { language, value: pick(texts) };
    if (language === design.defaultLocale) defaultValue = entry;
    else if (entry.value !== "") translatedValues.push(entry);
  }
  if (!defaultValue) {
    throw invalidPassData(`texts has no entry for the default locale "${design.defaultLocale}"`);
  }
  return translatedValues.length > 0 ? { defaultValue, translatedValues } : { defaultValue };
}
