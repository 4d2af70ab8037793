import type { Translator } from "../../i18n/translate";

/**
 * "Add to Apple Wallet" and "Save to Google Wallet" buttons drawn after the brands' badges (black
 * rounded badge, wallet glyph, two-weight text), as inline SVG and CSS: no downloaded artwork.
 */
export function WalletBadges(props: { m: Translator; applePass: string; googleSave: string }) {
  const { m } = props;
  return (
    <div class="badges">
      <a class="badge badge--apple" href={props.applePass} download="stamp-card.pkpass">
        <svg width="34" height="26" viewBox="0 0 34 26" aria-hidden="true">
          <rect x="1" y="1" width="32" height="24" rx="5" fill="#fff" />
          <rect x="3" y="4" width="28" height="5" rx="1.5" fill="#2aa3e0" />
          <rect x="3" y="8" width="28" height="5" rx="1.5" fill="#f5b31b" />
          <rect x="3" y="12" width="28" height="5" rx="1.5" fill="#34c36b" />
          <rect x="3" y="16" width="28" height="5" rx="1.5" fill="#ee4a3f" />
          <path d="M1 15h11a5 5 0 0 0 10 0h11v5a5 5 0 0 1-5 5H6a5 5 0 0 1-5-5z" fill="#d9d9d9" />
        </svg>
        <span class="badge__text">
          <span class="badge__top">{m.t("card.apple.top")}</span>
          <span class="badge__bottom">{m.t("card.apple.bottom")}</span>
        </span>
      </a>
      <a class="badge badge--google" href={props.googleSave} rel="noopener">
        <svg width="30" height="24" viewBox="0 0 30 24" aria-hidden="true">
          <rect x="1" y="2" width="28" height="20" rx="4" fill="#4285f4" />
          <rect x="1" y="6" width="28" height="16" rx="4" fill="#34a853" />
          <rect x="1" y="10" width="28" height="12" rx="4" fill="#fbbc04" />
          <rect x="1" y="14" width="28" height="8" rx="4" fill="#ea4335" />
        </svg>
        <span class="badge__text">
          <span class="badge__bottom">{m.t("card.google")}</span>
        </span>
      </a>
    </div>
  );
}
