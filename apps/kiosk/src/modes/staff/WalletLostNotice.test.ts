import { WALLET_LOST_REASONS, type WalletLostReason } from "@stamp/wire-protocol";
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

describe("the till's notice for a card that no longer updates on the phone", () => {
  it("says so and why in every language, what the customer should do, and labels the QR (drawn by ui/QrCode, read back in qr-path.test.ts)", async () => {
    for (const language of LANGUAGES) {
      const catalog = await loadCatalog(language);
      const notice = (reason: WalletLostReason | null) =>
        renderToStaticMarkup(
          createElement(
            I18nContext.Provider,
            { value: createTranslator(language, catalog) },
            createElement(WalletLostNotice, { cardUrl: URL, reason }),
          ),
        );
      for (const reason of WALLET_LOST_REASONS) {
        const html = notice(reason);
        expect(html).toContain(asMarkup(catalog["walletLost.title"] as string));
        expect(html).toContain(asMarkup(catalog[`walletLost.reason.${reason}`] as string));
        expect(html).toContain(asMarkup(catalog["walletLost.body"] as string));
        expect(html).toContain(`aria-label="${asMarkup(catalog["walletLost.qr"] as string)}"`);
        expect(html).toContain('role="status"');
      }
      // A reason from a newer server this till has no words for: the notice all the same.
      const unknown = notice(null);
      expect(unknown).toContain(asMarkup(catalog["walletLost.body"] as string));
      for (const reason of WALLET_LOST_REASONS)
        expect(unknown).not.toContain(asMarkup(catalog[`walletLost.reason.${reason}`] as string));
    }
  });
});
