import { createHash } from "node:crypto";
import type { Program } from "@stamp/core";
import {
  type ApplePassBuilder,
  buildLoyaltyClass,
  buildLoyaltyMessage,
  buildLoyaltyObject,
  type CardSnapshot,
  type GoogleSaveLinks,
  type GoogleWalletClient,
  type LoyaltyObject,
  LruCache,
  PassImageRenderer,
  type PngImageSet,
  type ProgramDesign,
  type WalletMessage,
} from "@stamp/pass-builder";
import { logoMakesIcon } from "../logos/logo-image";
import type { LogoStore, StoredLogo } from "../storage/logo-store";
import type { PassRecord, PublicCard, WalletStore } from "../storage/wallet-store";
import type { PassCodes } from "../vouchers/scan-code";
import { cardLinks } from "./card-links";
import { cardSnapshot } from "./card-snapshot";
import { artworkStyle, programDesign } from "./program-design";

export interface PassServiceOptions {
  readonly store: WalletStore;
  /** Programs' uploaded logos (none: the stamp icon on the programme's colours, as before). */
  readonly logos: LogoStore;
  readonly apple: ApplePassBuilder;
  readonly saveLinks: GoogleSaveLinks;
  /** Null when the Google REST API is not configured. */
  readonly google: GoogleWalletClient | null;
  readonly googleIssuerId: string;
  readonly publicUrl: string;
  readonly now: () => number;
  /** Signs the scan code a card shows while a staff-scan voucher waits (SPEC P5). */
  readonly codes: PassCodes;
}

/** A card ready to be drawn as a pass: the card, its pass row, its program's design. */
export interface PassSource {
  readonly card: PublicCard;
  readonly pass: PassRecord;
  readonly design: ProgramDesign;
}

export type BuiltPass =
  | { readonly kind: "pass"; readonly pkpass: Buffer; readonly pass: PassRecord }
  | { readonly kind: "not-found" };

/** Builds a card's Apple pass and Google object from what the database holds. */
export class PassService {
  readonly #o: PassServiceOptions;
  readonly #logos = new PassImageRenderer(64);
  /** Uploaded logos by program id and version: a new logo is a new version, so never stale. */
  readonly #uploaded = new LruCache<string, StoredLogo | false>(64);
  /** Classes upserted by this process, by program id → version, so a card save costs one call. */
  readonly #classes = new Map<string, number>();

  constructor(options: PassServiceOptions) {
    this.#o = options;
  }

  async source(cardId: string): Promise<PassSource | null> {
    const [card, pass] = await Promise.all([
      this.#o.store.findCard(cardId),
      this.#o.store.getPass(cardId),
    ]);
    if (!card || !pass) return null;
    const [locations, logo] = await Promise.all([
      this.#o.store.placedLocations(card.merchantId),
      this.uploadedLogo(card.program),
    ]);
    const design = programDesign(card.program, card.merchantName, locations, card.business);
    return { card, pass, design: logo ? { ...design, ...passImages(logo) } : design };
  }

  async applePass(cardId: string): Promise<BuiltPass> {
    const source = await this.source(cardId);
    if (!source) return { kind: "not-found" };
    return { kind: "pass", pkpass: await this.buildApple(source), pass: source.pass };
  }

  /** The card as its passes show it now. */
  async snapshot(source: PassSource): Promise<CardSnapshot> {
    return {
      ...(await cardSnapshot(source.card, source.pass, this.#o.now(), this.#o.codes)),
      webCardUrl: cardLinks(this.#o.publicUrl, source.card.id).card,
    };
  }

  async buildApple(source: PassSource): Promise<Buffer> {
    return this.#o.apple.build(source.design, await this.snapshot(source));
  }

  async googleObject(source: PassSource): Promise<LoyaltyObject> {
    return buildLoyaltyObject(source.design, await this.snapshot(source), {
      issuerId: this.#o.googleIssuerId,
    });
  }

  /** The card's latest news as a Google message, or null when it has none. */
  async googleMessage(source: PassSource): Promise<WalletMessage | null> {
    return buildLoyaltyMessage(source.design, await this.snapshot(source));
  }

  /**
   * The "Save to Google Wallet" link. With the REST API the class and object are stored at Google
   * first and the link names only the object (short); without it the link carries both in full.
   */
  async googleSaveLink(cardId: string): Promise<string | null> {
    const source = await this.source(cardId);
    if (!source) return null;
    const loyaltyClass = buildLoyaltyClass(source.design, {
      issuerId: this.#o.googleIssuerId,
      programLogoUrl: this.logoUrl(source.card.program),
    });
    const loyaltyObject = await this.googleObject(source);
    const google = this.#o.google;
    if (!google) return this.#o.saveLinks.full(loyaltyClass, loyaltyObject);
    await this.ensureGoogleClass(source);
    await google.insertObject(loyaltyObject);
    // Saved again after Google said it was gone: the till stops asking for it.
    if (!source.pass.googleObject || source.pass.googleLostAt !== null)
      await this.#o.store.markGoogleObject(cardId);
    return this.#o.saveLinks.short(loyaltyObject);
  }

  /** Upserts the program's Google class once per program version in this process. */
  async ensureGoogleClass(source: PassSource): Promise<void> {
    const { program } = source.card;
    if (!this.#o.google || this.#classes.get(program.id) === program.version) return;
    await this.#o.google.upsertClass(
      buildLoyaltyClass(source.design, {
        issuerId: this.#o.googleIssuerId,
        programLogoUrl: this.logoUrl(program),
      }),
    );
    this.#classes.set(program.id, program.version);
  }

  logoUrl(program: Program): string {
    return `${this.#o.publicUrl}${this.logoPath(program)}`;
  }

  /** The square logo Google fetches, also the pages' tab and home-screen icon. */
  logoPath(program: Program): string {
    return `/passes/logos/${program.id}-${program.version}.png`;
  }

  /** The uploaded logo as the pages and posters show it (Apple's @3x logo), or null without one. */
  async bannerPath(program: Program): Promise<string | null> {
    return (await this.uploadedLogo(program))
      ? `/passes/logos/${program.id}-${program.version}-wide.png`
      : null;
  }

  /** The program's uploaded logo, or null: today's look (the stamp icon on its colours). */
  async uploadedLogo(program: Program): Promise<StoredLogo | null> {
    const key = `${program.id}-${program.version}`;
    const hit = this.#uploaded.get(key);
    if (hit !== undefined) return hit || null;
    const logo = await this.#o.logos.programLogo(program.id);
    this.#uploaded.set(key, logo ?? false);
    return logo;
  }

  /** The stamp icon on the programme's colours at @3x: the icon and Google logo without an upload. */
  drawnIcon(program: Program): Buffer {
    return this.#logos.icon(artworkStyle(program), 3);
  }

  /**
   * A logo picture with its ETag: `square` is the uploaded logo's Google rendition or, without one,
   * the stamp icon on the programme's colours; `wide` (Apple's @3x logo) exists only for an upload.
   */
  async logoPng(program: Program, shape: "square" | "wide"): Promise<LogoPicture | null> {
    const logo = await this.uploadedLogo(program);
    if (logo) {
      const png = shape === "square" ? logo.renditions.square : logo.renditions.logo[2];
      return { png, etag: `"${logo.hash.slice(0, 32)}-${shape}"` };
    }
    if (shape === "wide") return null;
    const png = this.drawnIcon(program);
    return { png, etag: `"${createHash("sha256").update(png).digest("hex").slice(0, 32)}"` };
  }
}

export interface LogoPicture {
  readonly png: Uint8Array;
  /** Strong ETag of these bytes. */
  readonly etag: string;
}

/**
 * An uploaded logo as Apple's pass carries it: logo.png at @1x, @2x, @3x, and icon.png too unless
 * the logo is too wide for a square icon (then the drawn stamp icon stays).
 */
function passImages(logo: StoredLogo): { logo: PngImageSet; icon?: PngImageSet } {
  const [logo1, logo2, logo3] = logo.renditions.logo;
  const [icon1, icon2, icon3] = logo.renditions.icon;
  return {
    logo: { x1: logo1, x2: logo2, x3: logo3 },
    ...(logoMakesIcon(logo) ? { icon: { x1: icon1, x2: icon2, x3: icon3 } } : {}),
  };
}
