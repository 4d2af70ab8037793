import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from "@zxing/library";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { I18nContext } from "../../app/hooks";
import { loadCatalog } from "../../i18n/catalogs";
import { LANGUAGES } from "../../i18n/languages";
import { createTranslator } from "../../i18n/translate";
import { WalletLostNotice } from "./WalletLostNotice";

const URL = "https://stamp.example/c/0193a1b2-0000-7000-8000-000000000001";

/** Text as the markup writes it (quotes and ampersands escaped). */
const asMarkup = (text: string) =>
  renderToStaticMarkup(createElement("span", null, text)).slice(6, -7);

/** Reads the QR code back from the SVG path the notice drew. */
function decode(html: string): string {
  const box = /viewBox="0 0 (\d+) \d+"/.exec(html);
  const modules = Number(box?.[1]);
  const scale = 4;
  const size = modules * scale;
  const pixels = new Uint8ClampedArray(size * size).fill(255);
  for (const [, x, y] of html.matchAll(/M(\d+) (\d+)h1v1h-1z/g))
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale; dx++)
        pixels[(Number(y) * scale + dy) * size + Number(x) * scale + dx] = 0;
  const source = new RGBLuminanceSource(pixels, size, size);
  return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
}

describe("the till's notice for a card that no longer updates on the phone", () => {
  it("says so in every language, labels the QR, and the QR opens the card page", async () => {
    for (const language of LANGUAGES) {
      const catalog = await loadCatalog(language);
      const html = renderToStaticMarkup(
        createElement(
          I18nContext.Provider,
          { value: createTranslator(language, catalog) },
          createElement(WalletLostNotice, { cardUrl: URL }),
        ),
      );
      expect(html).toContain(asMarkup(catalog["walletLost.title"] as string));
      expect(html).toContain(`aria-label="${asMarkup(catalog["walletLost.qr"] as string)}"`);
      expect(html).toContain('role="status"');
      expect(decode(html)).toBe(URL);
    }
  });
});
