import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Translator } from "../i18n/translate";
import { withoutControlCharacters } from "./control-characters";
import { STYLESHEET } from "./stylesheet";

export function Document(props: { tr: Translator; title: string; children: Child }) {
  const { tr } = props;
  return (
    <html lang={tr.locale} dir={tr.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · ${tr.t("app.name")}`}</title>
        <link rel="stylesheet" href={STYLESHEET.href} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}

/**
 * Sends a server-rendered page. Pages work without script: the policy allows none, unless
 * `scripts` is "own" (the page loads the server's own files, which may call back to it).
 */
export function sendPage(
  c: Context,
  page: ReturnType<typeof Document>,
  status: ContentfulStatusCode = 200,
  scripts: "none" | "own" = "none",
): Promise<Response> {
  const script = scripts === "own" ? " script-src 'self'; connect-src 'self';" : "";
  return sendHtml(
    c,
    page,
    `default-src 'none'; style-src 'self'; img-src 'self' data:;${script} form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    status,
  );
}

/** Sends a rendered document with the headers every page shares; only its content policy differs. */
export async function sendHtml(
  c: Context,
  page: ReturnType<typeof Document>,
  contentSecurityPolicy: string,
  status: ContentfulStatusCode,
): Promise<Response> {
  c.header("content-security-policy", contentSecurityPolicy);
  c.header("referrer-policy", "no-referrer");
  c.header("cache-control", "no-store");
  return c.html(withoutControlCharacters(`<!doctype html>${await page}`), status);
}
