import { telUri } from "@stamp/pass-builder";
import type { Translator } from "../../i18n/translate";
import type { BusinessDetails } from "../../storage/store";

/** The website as people read it: no scheme, no trailing slash. */
function shownWebsite(url: string): string {
  return url.replace(/^https:\/\//, "").replace(/\/$/, "");
}

/**
 * How to reach the business, at the foot of a customer page: the phone and website as links a
 * thumb can hit, the address as written. Nothing when the merchant gave none of them.
 */
export function BusinessContact(props: {
  m: Translator;
  merchantName: string;
  business: BusinessDetails;
}) {
  const { m, business } = props;
  if (!business.phone && !business.website && !business.address) return null;
  return (
    <section class="contact" aria-labelledby="contact-title" data-testid="business-contact">
      <h2 id="contact-title">
        {m.t("contact.title")} · <bdi>{props.merchantName}</bdi>
      </h2>
      <address>
        <ul class="contact__list">
          {business.phone ? (
            <li>
              <span class="contact__label">{m.t("contact.phone")}</span>
              <a href={telUri(business.phone)} dir="ltr">
                {business.phone}
              </a>
            </li>
          ) : null}
          {business.website ? (
            <li>
              <span class="contact__label">{m.t("contact.website")}</span>
              <a href={business.website} dir="ltr" rel="noopener noreferrer">
                {shownWebsite(business.website)}
              </a>
            </li>
          ) : null}
          {business.address ? (
            <li>
              <span class="contact__label">{m.t("contact.address")}</span>
              <span class="contact__address">
                {business.address.split("\n").map((line) => (
                  <span dir="auto">{line}</span>
                ))}
              </span>
            </li>
          ) : null}
        </ul>
      </address>
    </section>
  );
}
