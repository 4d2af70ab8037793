import type { Field, PassProps } from "passkit-generator";
import { type CardContent, CONTACT_KEYS, contactLine, usedLocations } from "./card-content";
import { hexToAppleRgb } from "./colors";
import { invalidPassData, PassBuilderError } from "./errors";
import type { CardSnapshot, ProgramDesign } from "./wallet-input";

export interface PassJsonInput {
  passTypeIdentifier: string;
  teamIdentifier: string;
  /** PassKit web service base, e.g. `https://stamp.example/wallet`. */
  webServiceURL: string;
  design: ProgramDesign;
  card: CardSnapshot;
  /** The texts in the default locale: pass.json carries them as the fallback. */
  content: CardContent;
}

/** Kept once loaded: an `import()` of a loaded module still costs ~6 µs a pass. */
let passkit: typeof import("passkit-generator") | undefined;

/**
 * Assembles `pass.json` through passkit-generator, which validates every property and
 * field against Apple's schema. Its complaints (Joi errors, TypeErrors, silently dropped
 * barcodes or locations) become `invalid-pass-data`. passkit-generator (with node-forge and joi)
 * loads with the first pass built (index.ts).
 */
export async function buildPassJson(input: PassJsonInput): Promise<PassProps> {
  passkit ??= await import("passkit-generator");
  const { PassType, PKPass } = passkit;
  const { design, card, content } = input;
  const locations = usedLocations(design).map((location, index) => {
    const relevantText = content.nearLocationTexts[index];
    // The schema refuses an empty relevantText; without one the reminder is just silent.
    return relevantText
      ? { latitude: location.latitude, longitude: location.longitude, relevantText }
      : { latitude: location.latitude, longitude: location.longitude };
  });
  const props = translateLibraryErrors(() => {
    const pass = new PKPass({}, undefined, {
      formatVersion: 1,
      passTypeIdentifier: input.passTypeIdentifier,
      teamIdentifier: input.teamIdentifier,
      serialNumber: card.serialNumber,
      authenticationToken: card.authenticationToken,
      webServiceURL: input.webServiceURL,
      organizationName: design.organizationName,
      description: content.description,
      logoText: content.programName,
      backgroundColor: hexToAppleRgb(design.colors.background),
      foregroundColor: hexToAppleRgb(design.colors.foreground),
      labelColor: hexToAppleRgb(design.colors.label),
      // The barcode identifies one customer's card; a shared copy would collect their stamps.
      sharingProhibited: true,
      ...(card.active ? {} : { voided: true }),
    });
    const storeCard = new PassType("storeCard");
    storeCard.headerFields.push(
      field("stamps", content.stampsLabel, `${card.stamps} / ${design.stampGoal}`, true),
    );
    storeCard.secondaryFields.push(
      field("reward", content.rewardLabel, content.rewardTitle, false),
      field("status", content.statusLabel, content.statusValue, true),
    );
    // What a person types at the till when the barcode cannot be scanned (also its altText).
    storeCard.auxiliaryFields.push(field("number", content.numberLabel, card.number, false));
    if (content.notice) {
      // Its changes are the lock-screen message: a reward earned, one about to expire.
      storeCard.backFields.push({
        key: "notice",
        label: content.notice.label,
        value: content.notice.text,
        changeMessage: "%@",
      });
    }
    for (const voucher of content.vouchers)
      storeCard.backFields.push(field(voucher.key, voucher.label, voucher.text, false));
    for (const back of content.backFields)
      storeCard.backFields.push(field(back.key, back.label, back.text, false));
    if (content.webCard) {
      // Wallet makes the address a tappable link.
      storeCard.backFields.push(
        field("web-card", content.webCard.label, content.webCard.url, false),
      );
    }
    // Wallet detects the phone number, the link and the address and makes each tappable.
    for (const line of content.contact)
      storeCard.backFields.push(field(`contact-${line.key}`, line.label, line.value, false));
    pass.types.push(storeCard);
    pass.setBarcodes(appleBarcode(card));
    if (locations.length > 0) pass.setLocations(...locations);
    return pass.props;
  });
  if (props.barcodes?.length !== 1) {
    throw invalidPassData(
      "passkit-generator rejected the barcode (is the card code a non-empty string?)",
    );
  }
  if ((props.locations?.length ?? 0) !== locations.length) {
    throw invalidPassData("passkit-generator rejected one of the locations");
  }
  return props;
}

/**
 * Every text {@link buildPassJson} puts where Wallet localizes (logo text, description,
 * labels, values, change messages, relevant texts), in fixed slots (an absent text is
 * ""): pairing this list for the default locale with the list for another locale gives
 * that locale's `pass.strings`.
 */
export function localizableTexts(content: CardContent): string[] {
  return [
    content.programName,
    content.description,
    content.numberLabel,
    content.stampsLabel,
    changeMessage(content.stampsLabel),
    content.rewardLabel,
    content.rewardTitle,
    content.statusLabel,
    content.statusValue,
    changeMessage(content.statusLabel),
    ...content.backFields.flatMap((back) => [back.label, back.text]),
    content.webCard?.label ?? "",
    // Labels only: the details themselves are the same in every language.
    ...CONTACT_KEYS.map((key) => contactLine(content, key)?.label ?? ""),
    ...content.nearLocationTexts,
    content.notice?.label ?? "",
    content.notice?.text ?? "",
    ...content.vouchers.flatMap((voucher) => [voucher.label, voucher.text]),
  ];
}

const changeMessage = (label: string) => `${label}: %@`;

/**
 * The front barcode: the card code, or what the merchant chose to show while a voucher waits.
 * Apple draws QR and Code 128 but not EAN-13; its digits go into a Code 128, which POS scanners
 * read as the same number.
 */
function appleBarcode(card: CardSnapshot) {
  const shown = card.barcode;
  if (!shown)
    return {
      format: "PKBarcodeFormatQR" as const,
      message: card.code,
      altText: card.number,
      messageEncoding: "iso-8859-1",
    };
  return {
    format:
      shown.format === "qr" ? ("PKBarcodeFormatQR" as const) : ("PKBarcodeFormatCode128" as const),
    message: shown.message,
    altText: shown.altText,
    messageEncoding: "iso-8859-1",
  };
}

/** A `changeMessage` makes Wallet notify the customer when the value changes. */
function field(key: string, label: string, value: string, notify: boolean): Field {
  return notify
    ? { key, label, value, changeMessage: changeMessage(label) }
    : { key, label, value };
}

function translateLibraryErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof PassBuilderError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw invalidPassData(message, error);
  }
}
