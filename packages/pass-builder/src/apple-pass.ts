import type { AppleCredentials } from "./apple-credentials";
import { createManifestSigner, type ManifestSigner } from "./manifest-signature";
import { assemblePassBundle } from "./pass-bundle";
import { PassImageRenderer } from "./pass-images";
import { packPkpass } from "./pkpass-archive";
import type { CardSnapshot, ProgramDesign } from "./wallet-input";

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
  /** Made with the first pass: its ASN.1 libraries load then (index.ts). */
  #sign: Promise<ManifestSigner> | undefined;
  readonly #now: () => Date;

  constructor(options: ApplePassBuilderOptions) {
    this.#credentials = options.credentials;
    this.#webServiceURL = options.webServiceURL;
    this.#images = new PassImageRenderer(options.imageCacheSize);
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * The `.pkpass` archive (zip) for `card`: pass.json, icon/logo/strip images, one
   * `<locale>.lproj/pass.strings` per locale of the program, manifest.json and the
   * PKCS#7 signature.
   *
   * Rejects with {@link PassBuilderError} `invalid-pass-data` naming what Wallet would refuse.
   */
  async build(design: ProgramDesign, card: CardSnapshot): Promise<Buffer> {
    this.#sign ??= createManifestSigner(this.#credentials);
    const files = await assemblePassBundle({
      passTypeIdentifier: this.#credentials.passTypeIdentifier,
      teamIdentifier: this.#credentials.teamIdentifier,
      webServiceURL: this.#webServiceURL,
      images: this.#images,
      design,
      card,
    });
    return packPkpass(files, await this.#sign, this.#now());
  }
}
