import type bwipjs from "bwip-js/node";

/** bwip-js passes BWIPP options such as the QR level through but does not declare them. */
type Options = bwipjs.RenderOptions & { readonly eclevel?: "L" | "M" | "Q" | "H" };

/**
 * bwip-js, loaded with the first code drawn, not with the server: its source text (2.3 MB) stays
 * on the heap for as long as the process runs, and a server that only syncs tills never draws one
 * (as sharp, `logos/logo-image.ts`).
 */
let bwip: typeof bwipjs | undefined;
async function draw(options: Options): Promise<string> {
  bwip ??= (await import("bwip-js/node")).default;
  return bwip.toSVG(options);
}

/** What a voucher's code can be drawn as (stamp-core SPEC R5's formats, S6's QR). */
export type Symbology = "qr" | "code128" | "ean13";

/**
 * A code drawn as SVG markup by bwip-js, black on white with a quiet zone, so a POS scanner can
 * read it from a phone screen: QR at error correction M; Code 128 and EAN-13 with their digits.
 */
export async function barcodeSvg(symbology: Symbology, text: string): Promise<string> {
  const common = { text, backgroundcolor: "FFFFFF", barcolor: "000000" };
  switch (symbology) {
    case "qr":
      return draw({
        ...common,
        bcid: "qrcode",
        eclevel: "M",
        paddingwidth: 4,
        paddingheight: 4,
      });
    case "code128":
      return draw({
        ...common,
        bcid: "code128",
        includetext: true,
        textxalign: "center",
        height: 14,
        paddingwidth: 10,
        paddingheight: 2,
      });
    case "ean13":
      return draw({
        ...common,
        bcid: "ean13",
        includetext: true,
        height: 18,
        paddingwidth: 6,
        paddingheight: 2,
      });
    default: {
      const unreachable: never = symbology;
      throw new Error(`unknown symbology ${unreachable}`);
    }
  }
}
