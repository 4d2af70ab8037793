import { assertValidCardInput, cardContent, localesOf } from "./card-content";
import { IMAGE_SCALES, type ImageScale, type PassImageRenderer } from "./pass-images";
import { buildPassJson, localizableTexts } from "./pass-json";
import type { PassFile } from "./pkpass-archive";
import { stringsFile } from "./strings-file";
import type { CardSnapshot, PngImageSet, ProgramDesign } from "./wallet-input";

export interface PassBundleInput {
  passTypeIdentifier: string;
  teamIdentifier: string;
  webServiceURL: string;
  images: PassImageRenderer;
  design: ProgramDesign;
  card: CardSnapshot;
}

/**
 * The unsigned files of a store card: pass.json, strip/icon/logo images and one
 * `<locale>.lproj/pass.strings` per locale of the program.
 *
 * @throws {PassBuilderError} `invalid-pass-data` naming what Wallet would refuse.
 */
export async function assemblePassBundle(input: PassBundleInput): Promise<PassFile[]> {
  const { design, card, images } = input;
  assertValidCardInput(design, card);
  const defaultContent = cardContent(design, card, design.defaultLocale);
  const passJson = await buildPassJson({
    passTypeIdentifier: input.passTypeIdentifier,
    teamIdentifier: input.teamIdentifier,
    webServiceURL: input.webServiceURL,
    design,
    card,
    content: defaultContent,
  });

  const files: PassFile[] = [{ path: "pass.json", content: Buffer.from(JSON.stringify(passJson)) }];
  for (const scale of IMAGE_SCALES) {
    files.push({
      path: imageName("strip", scale),
      content: images.strip(design, card.stamps, scale),
    });
  }
  if (design.icon) {
    files.push(...providedImages("icon", design.icon));
  } else {
    for (const scale of IMAGE_SCALES) {
      files.push({ path: imageName("icon", scale), content: images.icon(design, scale) });
    }
  }
  if (design.logo) files.push(...providedImages("logo", design.logo));

  const defaultTexts = localizableTexts(defaultContent);
  for (const locale of localesOf(design)) {
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
  return files;
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
