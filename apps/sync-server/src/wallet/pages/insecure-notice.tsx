import { raw } from "hono/html";
import type { Translator } from "../../i18n/translate";

/** Where a page opened over plain HTTP should be opened instead, with its QR code. */
export interface SecureAlternative {
  /** This page at the server's HTTPS origin; null when the server has none. */
  readonly url: string | null;
  /** `url` as an SVG QR code. */
  readonly qrSvg: string | null;
}

/**
 * Sent hidden with every web card served over plain HTTP; the card's script shows it, in place of
 * the card, only where the browser says the page is not a secure context (plain HTTP on
 * `localhost` is one). The customer can still look at the card: its QR code works anyway.
 */
export function InsecureNotice({
  m,
  secure,
}: {
  readonly m: Translator;
  readonly secure: SecureAlternative;
}) {
  return (
    <section class="insecure" data-insecure hidden role="alert" aria-labelledby="insecure-title">
      <h1 id="insecure-title">{m.t("card.insecure.title")}</h1>
      <p>{m.t("card.insecure.body")}</p>
      {secure.url ? (
        <>
          <a class="button" href={secure.url} data-testid="secure-address">
            {m.t("card.insecure.open")}
          </a>
          <p class="insecure__url" dir="ltr">
            {secure.url}
          </p>
          {secure.qrSvg ? (
            <figure class="insecure__qr">
              {raw(secure.qrSvg)}
              <figcaption>{m.t("card.insecure.scan")}</figcaption>
            </figure>
          ) : null}
        </>
      ) : (
        <p>{m.t("card.insecure.none")}</p>
      )}
      <button type="button" class="button button--quiet" data-insecure-continue>
        {m.t("card.insecure.continue")}
      </button>
    </section>
  );
}
