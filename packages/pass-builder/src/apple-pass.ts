import type { AppleCredentials } from "./apple-credentials";
import { assertValidCardInput, cardContent, localesOf } from "./card-content";
import { createManifestSigner, type ManifestSigner } from "./manifest-signature";
import { IMAGE_SCALES, type ImageScale, PassImageRenderer } from "./pass-images";
import { buildPassJson, localizableTexts } from "./pass-json";
import { type PassFile, packPkpass } from "./pkpass-archive";
import { stringsFile } from "./strings-file";
import type { CardSnapshot, PngImageSet, ProgramDesign } from "./wallet-input";

export interface ApplePassBuilderOptions {
  /** From {@link loadAppleCredentials}; fixes `passTypeIdentifier` and `teamIdentifier`. */
  credentials: AppleCredentials;
  /** PassKit web service base URL (`PUBLIC_URL + "/wallet"`), written into every pass. */
  webServiceURL: string;
  /** How many rendered PNGs to keep; default 1024. */
  imageCacheSize?: number;
  /** Clock for the signature's signingTime; default `() => new Date()`. */
  now?: () => Date;
}

/** The HTTP content type of a `.pkpass` file. */
export const PKPASS_CONTENT_TYPE = "application/vnd.apple.pkpass";

/**
 * Builds signed Apple Wallet store cards. Create one per process (per set of
 * credentials) and reuse it: it holds the decrypted key, the pre-encoded certificate
 * chain and the cache of rendered strip images.
 */
export class ApplePassBuilder {
  readonly #credentials: AppleCredentials;
  readonly #webServiceURL: string;
  readonly #images: PassImageRenderer;
  readonly #sign: ManifestSigner;
  readonly #now: () => Date;

  constructor(options: ApplePassBuilderOptions) {
    this.#credentials = options.credentials;
    this.#webServiceURL = options.webServiceURL;
    this.#images = new PassImageRenderer(options.imageCacheSize);
    this.#sign = createManifestSigner(options.credentials);
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * The `.pkpass` archive (zip) for `card`: pass.json, icon/logo/strip images, one
   * `<locale>.lproj/pass.strings` per locale of the program, manifest.json and the
   * PKCS#7 signature.
   *
   * @throws {PassBuilderError} `invalid-pass-data` naming what Wallet would refuse.
   */
  async build(design: ProgramDesign, card: CardSnapshot): Promise<Buffer> {
    assertValidCardInput(design, card);
    const locales = localesOf(design);
    const defaultContent = cardContent(design, card, design.defaultLocale);
    const passJson = buildPassJson({
      passTypeIdentifier: this.#credentials.passTypeIdentifier,
      teamIdentifier: this.#credentials.teamIdentifier,
      webServiceURL: this.#webServiceURL,
      design,
      card,
      content: defaultContent,
    });

    const files: PassFile[] = [
      { path: "pass.json", content: Buffer.from(JSON.stringify(passJson)) },
    ];
    for (const scale of IMAGE_SCALES) {
      files.push({
        path: imageName("strip", scale),
        content: this.#images.strip(design, card.stamps, scale),
      });
    }
    files.push(...(design.icon ? providedImages("icon", design.icon) : this.#drawnIcons(design)));
    if (design.logo) files.push(...providedImages("logo", design.logo));

    const defaultTexts = localizableTexts(defaultContent);
    for (const locale of locales) {
      const texts = localizableTexts(cardContent(design, card, locale));
      const translations = new Map<string, string>();
      defaultTexts.forEach((key, index) => {
        const value = texts[index];
        if (key !== "" && value) translations.set(key, value);
      });
      // The default locale gets its own folder too: without it, a device in that
      // language would pick another locale's folder over the pass.json texts.
      files.push({ path: `${locale}.lproj/pass.strings`, content: stringsFile(translations) });
    }
    return packPkpass(files, this.#sign, this.#now());
  }

  #drawnIcons(design: ProgramDesign): PassFile[] {
    return IMAGE_SCALES.map((scale) => ({
      path: imageName("icon", scale),
      content: this.#images.icon(design, scale),
    }));
  }
}

function imageName(base: string, scale: ImageScale): string {
  return scale === 1 ? `${base}.png` : `${base}@${scale}x.png`;
}

function providedImages(base: string, set: PngImageSet): PassFile[] {
  const scaled: [ImageScale, Uint8Array | undefined][] = [
    [1, set.x1],
    [2, set.x2],
    [3, set.x3],
  ];
  return scaled.flatMap(([scale, bytes]) =>
    bytes ? [{ path: imageName(base, scale), content: asBuffer(bytes) }] : [],
  );
}

/** Views the bytes as a Buffer without copying them. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
