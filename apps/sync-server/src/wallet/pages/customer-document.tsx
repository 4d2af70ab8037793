import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { LOCALES, type Locale } from "../../i18n/locales";
import type { Translator } from "../../i18n/translate";
import { sendHtml } from "../../pages/document";
import { CARD_SCRIPT, WALLET_CSS } from "./wallet-assets";

export interface CardColors {
  readonly background: string;
  readonly foreground: string;
  readonly accent: string;
}

/** The colours of a page that belongs to no program (an unknown link). */
export const NEUTRAL_COLORS: CardColors = {
  background: "#1d1b19",
  foreground: "#ffffff",
  accent: "#e0a458",
};

/** The shell of a customer page: its language and direction, the program's colours, the CSS. */
export function CustomerDocument(props: {
  /** Any catalogue with the language switcher's label. */
  m: Translator;
  title: string;
  colors: CardColors;
  /** Path of this page, for the language links. */
  path: string;
  /** The languages to offer (the program's); one alone needs no switcher. */
  locales: readonly Locale[];
  /** The program's logo, as tab and home-screen icon. */
  icon?: string;
  head?: Child;
  live?: { stateUrl: string; etag: string };
  children: Child;
}) {
  const { m, colors } = props;
  return (
    <html
      lang={m.locale}
      dir={m.dir}
      data-state={props.live?.stateUrl}
      data-etag={props.live?.etag}
    >
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="referrer" content="no-referrer" />
        <meta name="theme-color" content={colors.background} />
        <title>{props.title}</title>
        <link rel="stylesheet" href={WALLET_CSS.href} />
        {props.icon ? <link rel="icon" type="image/png" href={props.icon} /> : null}
        {props.icon ? <link rel="apple-touch-icon" href={props.icon} /> : null}
        <style>{`:root{--card-bg:${colors.background};--card-fg:${colors.foreground};--card-accent:${colors.accent}}`}</style>
        {props.head}
        {props.live ? <script src={CARD_SCRIPT.href} defer /> : null}
      </head>
      <body>
        <main>
          {props.locales.length > 1 ? (
            <nav class="lang" aria-label={m.t("page.language")}>
              {props.locales.map((locale) => (
                <a
                  href={`${props.path}?lang=${locale}`}
                  lang={locale}
                  hreflang={locale}
                  aria-current={locale === m.locale ? "page" : undefined}
                >
                  {new Intl.DisplayNames([locale], { type: "language" }).of(locale)}
                </a>
              ))}
            </nav>
          ) : null}
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A page for a link we do not know (no program: neutral colours, every language). */
export function UnknownLinkPage(props: {
  m: Translator;
  path: string;
  title: string;
  body: string;
}) {
  return (
    <CustomerDocument
      m={props.m}
      title={props.title}
      colors={NEUTRAL_COLORS}
      path={props.path}
      locales={LOCALES}
    >
      <h1>{props.title}</h1>
      <p>{props.body}</p>
    </CustomerDocument>
  );
}

/**
 * Sends a customer page. Its only script is our own file; inline style (the program's colours) is
 * allowed, inline script is not.
 */
export function sendCustomerPage(
  c: Context,
  page: ReturnType<typeof CustomerDocument>,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  return sendHtml(
    c,
    page,
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    status,
  );
}
