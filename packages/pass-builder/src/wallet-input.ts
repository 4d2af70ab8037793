/**
 * What the server hands in to build a wallet card. Deliberately plain data, owned by
 * this package: the server maps its program and card state into these shapes.
 */

/** `#rrggbb` (or `#rgb`). */
export type HexColor = string;

/** The built-in stamp icons the strip and icon artwork can use. */
export const STAMP_ICON_NAMES = ["coffee", "star", "heart", "scissors", "paw", "drop"] as const;
export type StampIconName = (typeof STAMP_ICON_NAMES)[number];

export interface ProgramColors {
  /** Card background. */
  background: HexColor;
  /** Field values and the stamps drawn on the strip. */
  foreground: HexColor;
  /** Field labels. */
  label: HexColor;
  /** Fill of an earned stamp on the strip; the icon on it takes the background colour. */
  stamp: HexColor;
}

/**
 * The texts of a card in one language. Values are shown as given (no markup).
 * `{count}` and `{location}` are parameters filled in by this package.
 */
export interface CardTexts {
  /** Program name, shown next to the logo (Apple `logoText`, Google `programName`). */
  programName: string;
  /** What the pass is, read by VoiceOver, e.g. "Stamp card of Café Blue". */
  description: string;
  /** Label of the card's short number, e.g. "Card number". */
  numberLabel: string;
  /** Label above the stamp count, e.g. "Stamps". */
  stampsLabel: string;
  /** Label above the reward, e.g. "Reward". */
  rewardLabel: string;
  /** The reward itself, e.g. "Free coffee". */
  rewardTitle: string;
  /** Label above the voucher status, e.g. "Status". */
  statusLabel: string;
  /** Status while no reward is ready, e.g. "Keep collecting". */
  statusCollecting: string;
  /** Status when exactly one reward is ready; `{reward}` is replaced, e.g. "Ready: {reward}". */
  statusOneReady: string;
  /** Status when several are ready; `{count}` is replaced, e.g. "{count} rewards ready". */
  statusManyReady: string;
  /** Lock-screen text near a location; `{location}` is replaced, e.g. "Show your card at {location}". */
  nearLocation: string;
  /**
   * What the back of the card tells, in this order (Apple back fields, Google text modules): how
   * to earn, how to redeem, terms, where, e.g. `{ key: "terms", label: "Terms", text: "…" }`.
   * Every language lists the same keys in the same order.
   */
  backFields?: readonly CardBackField[];
  /** Label of the link to the card on the web, e.g. "Your card online". */
  webCardLabel?: string;
  /** Labels of the business's contact details ({@link ProgramDesign.contact}), e.g. "Phone". */
  contactLabels?: ContactLabels;
  /** Label of a reward ready to use, on the back of the card, e.g. "Your reward". */
  voucherLabel: string;
  /** When it was earned; `{date}` is replaced, e.g. "Earned {date}". */
  voucherEarned: string;
  /** Until when it is valid; `{date}` is replaced, e.g. "Valid until {date}". */
  voucherValidUntil: string;
  /** Its redeem code; `{code}` is replaced, e.g. "Code: {code}". */
  voucherCode: string;
  /** A lottery prize not revealed yet, e.g. "A prize is waiting: open your card to reveal it". */
  prizeHidden: string;
  /** Label of the latest news on the back (its changes show on the lock screen), e.g. "News". */
  noticeLabel: string;
  /** News of a reward earned; `{reward}` is replaced, e.g. "You earned: {reward}". */
  noticeEarned: string;
  /** A reward about to expire; `{reward}`, `{date}` replaced, e.g. "{reward} expires {date}". */
  noticeExpiring: string;
  /** A reward that expired; `{reward}` is replaced, e.g. "{reward} has expired". */
  noticeExpired: string;
  /** The card's stamps expired for want of a visit; `{date}` replaced, e.g. "Your stamps expired {date}". */
  noticeStampsExpired: string;
}

/** What each contact detail is called on the back of the card, in one language. */
export interface ContactLabels {
  phone: string;
  website: string;
  address: string;
}

/**
 * How customers reach the business, the same in every language. Apple shows each as a back field
 * (Wallet makes the number, the link and the address tappable); Google shows the phone and
 * website as links and the address as a text module.
 */
export interface BusinessContact {
  /** As people dial it, e.g. "+49 30 1234 567" (the link is `tel:` with its digits). */
  phone?: string;
  /** An https URL. */
  website?: string;
  /** Lines separated by "\n". */
  address?: string;
}

/** One text on the back of the card. */
export interface CardBackField {
  /** Unique on the card, the same in every language (`[A-Za-z0-9._-]`). */
  key: string;
  label: string;
  text: string;
}

/** A reward ready to use, as the card's back (and Google's text modules) list it. */
export interface CardVoucher {
  /** Unique on the card; part of field keys (`[A-Za-z0-9._-]`). */
  key: string;
  /** What the customer gets: the reward, or a lottery prize once revealed. */
  title: string;
  /** A lottery prize the customer has not revealed: the card says one is waiting, not which. */
  prizeHidden: boolean;
  earnedAt: Date;
  validUntil?: Date;
  /** Its redeem code, shown as text. */
  code?: string;
}

/** What the front barcode shows instead of the card code, e.g. a pending voucher's code. */
export interface PassBarcode {
  format: "qr" | "code128" | "ean13";
  message: string;
  altText: string;
}

/** A TOTP-rotating barcode (RFC 6238, HMAC-SHA1): the value pattern and this card's key. */
export interface RotatingBarcodeInput {
  /** The barcode text with `{totp_value_0}` where the phone puts the current value. */
  valuePattern: string;
  /** This card's TOTP key, Base16. */
  totpKey: string;
  periodMillis: number;
  digits: number;
}

/** A lock-screen message: Apple shows it when the text changes, Google sends it once per id. */
export interface CardNotice {
  /** Stable for one piece of news; Google's message id (`[A-Za-z0-9._-]`). */
  id: string;
  kind: "earned" | "expiring" | "expired" | "stamps-expired" | "message";
  /** The reward it is about (empty for `stamps-expired` and `message`). */
  reward: string;
  /** A merchant's own message (`message`): its text per locale; a missing locale gets the default's. */
  texts?: Readonly<Record<string, string>>;
  /** When it expires (`expiring`), when the stamps expired (`stamps-expired`). */
  date?: Date;
}

export interface ProgramLocation {
  /** Shown in `{location}` of {@link CardTexts.nearLocation}. */
  name: string;
  latitude: number;
  longitude: number;
  /**
   * The merchant's own lock-screen text for this location, e.g. "Your 10th coffee is on us here",
   * used in every language instead of {@link CardTexts.nearLocation}. Empty counts as unset.
   */
  relevantText?: string;
}

/** A PNG image at Apple's scales; @2x and @3x are optional but make the card crisp. */
export interface PngImageSet {
  x1: Uint8Array;
  x2?: Uint8Array;
  x3?: Uint8Array;
}

/** A loyalty program as the card shows it. */
export interface ProgramDesign {
  /** Stable program id; the Google class id suffix (`[A-Za-z0-9._-]`). */
  programId: string;
  /** The business, e.g. "Café Blue" (Apple `organizationName`, Google `issuerName`). */
  organizationName: string;
  colors: ProgramColors;
  stampIcon: StampIconName;
  /** Stamps needed for a reward, 1–50. */
  stampGoal: number;
  /** The language of `pass.json` and of Google's default values, e.g. "en". */
  defaultLocale: string;
  /** Texts per locale (BCP 47 like "en", "de", "pt-BR"); must contain `defaultLocale`. */
  texts: Readonly<Record<string, CardTexts>>;
  /** Merchant locations; the first 10 are used for geo reminders. */
  locations?: readonly ProgramLocation[];
  /** The business's phone, website and address; every locale's texts then need `contactLabels`. */
  contact?: BusinessContact;
  /** Apple logo (max 160×50 pt). Without it the card shows only the program name. */
  logo?: PngImageSet;
  /** Apple icon (29×29 pt). Without it one is drawn from the stamp icon and colours. */
  icon?: PngImageSet;
}

/** One customer's card at a moment in time. */
export interface CardSnapshot {
  /**
   * Unguessable, stable card id: the Apple `serialNumber` and the Google object id
   * suffix (`[A-Za-z0-9._-]`). Never change it for a card.
   */
  serialNumber: string;
  /** Apple web-service token, at least 16 characters. Never change it for a card. */
  authenticationToken: string;
  /** The signed card code the barcode carries. */
  code: string;
  /** The card's short number as people read and type it (e.g. "482 103 756"): the barcode's text. */
  number: string;
  /** Stamps in the current cycle, 0..stampGoal. */
  stamps: number;
  /** Rewards earned and not yet redeemed. */
  rewardsReady: number;
  /** The rewards ready to use, oldest first (details on the back of the card). */
  vouchers?: readonly CardVoucher[];
  /** Shown by the front barcode instead of `code` (the merchant's choice while a voucher waits). */
  barcode?: PassBarcode;
  /** The latest news for the lock screen: a reward earned, one about to expire. */
  notice?: CardNotice;
  /**
   * Google only: the card code as a rotating barcode (Apple Wallet has none). Ignored while
   * `barcode` shows a voucher's code.
   */
  rotatingBarcode?: RotatingBarcodeInput;
  /** False once the card is revoked or deleted: Apple voids it, Google marks it inactive. */
  active: boolean;
  /** The card's own web page, linked from the back (with {@link CardTexts.webCardLabel}). */
  webCardUrl?: string;
}
