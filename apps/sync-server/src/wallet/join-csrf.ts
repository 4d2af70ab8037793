import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { secureCookies } from "../http/peer";
import { randomToken } from "../secrets/random-token";
import { sameToken } from "../secrets/same-token";
import type { Services } from "../services";

const CSRF_COOKIE = "stamp_join";

/**
 * The customer forms' CSRF token (join, restore, receipt): a double-submit cookie (HttpOnly,
 * SameSite=Strict, scoped to the pages' path) whose value each form carries in a hidden field.
 */
export function issueJoinCsrf(
  c: Context,
  services: Pick<Services, "publicHttps">,
  path: "/join" | "/r" = "/join",
): string {
  const token = getCookie(c, CSRF_COOKIE) ?? randomToken();
  setCookie(c, CSRF_COOKIE, token, {
    path,
    httpOnly: true,
    sameSite: "Strict",
    secure: secureCookies(c, services),
    maxAge: 24 * 3600,
  });
  return token;
}

/** Whether a posted form carries the browser's own token. */
export function joinCsrfHolds(c: Context, sent: unknown): boolean {
  const cookie = getCookie(c, CSRF_COOKIE);
  return Boolean(cookie) && typeof sent === "string" && sameToken(cookie as string, sent);
}
