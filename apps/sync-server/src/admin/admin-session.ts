import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { secureCookies } from "../http/peer";
import type { Locale } from "../i18n/locales";
import { type Translator, translator } from "../i18n/translate";
import { randomToken, sha256 } from "../secrets/random-token";
import { sameToken } from "../secrets/same-token";
import type { Services } from "../services";
import { browserLocale } from "./admin-language";
import { type AdminRole, roleAllows } from "./admin-role";

export const SESSION_COOKIE = "stamp_session";
export const LOGIN_CSRF_COOKIE = "stamp_login_csrf";
const SESSION_TTL_MS = 12 * 3600 * 1000;

export interface Admin {
  readonly sessionId: string;
  readonly userId: string;
  readonly email: string;
  readonly merchantId: string;
  readonly merchantName: string;
  readonly role: AdminRole;
  /** The account's own language (My account); null: it follows the browser. */
  readonly locale: Locale | null;
  /** Every admin form carries it; a POST without it is refused (CSRF). */
  readonly csrf: string;
}

export type AdminEnv = { Variables: { admin: Admin; tr: Translator } };

function cookieOptions(c: Context, services: Services, maxAgeSeconds: number) {
  return {
    httpOnly: true,
    sameSite: "Lax",
    secure: secureCookies(c, services),
    path: "/admin",
    maxAge: maxAgeSeconds,
  } as const;
}

/** Starts a session: the cookie holds a random token, the database only its hash. */
export async function startSession(c: Context, services: Services, userId: string): Promise<void> {
  const token = randomToken(32);
  const now = services.now();
  await services.store.createSession({
    id: sha256(token),
    userId,
    csrfToken: randomToken(24),
    createdAt: now,
    expiresAt: now + SESSION_TTL_MS,
  });
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, services, SESSION_TTL_MS / 1000));
}

export async function endSession(c: Context, services: Services, admin: Admin): Promise<void> {
  await services.store.deleteSession(admin.sessionId);
  deleteCookie(c, SESSION_COOKIE, { path: "/admin" });
}

/** The login form's CSRF token: a double-submit cookie, since there is no session yet. */
export function loginCsrf(c: Context, services: Services): string {
  const existing = getCookie(c, LOGIN_CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
  const token = randomToken(24);
  setCookie(c, LOGIN_CSRF_COOKIE, token, cookieOptions(c, services, 3600));
  return token;
}

async function currentAdmin(c: Context, services: Services): Promise<Admin | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || token.length > 100) return null;
  const session = await services.store.findSession(sha256(token), services.now());
  if (!session) return null;
  const merchant = await services.store.getMerchant(session.user.merchantId);
  if (!merchant) return null;
  return {
    sessionId: session.id,
    userId: session.user.id,
    email: session.user.email,
    merchantId: merchant.id,
    merchantName: merchant.name,
    role: session.user.role,
    locale: session.user.locale ?? null,
    csrf: session.csrfToken,
  };
}

/**
 * Admin pages need a session (else: to the login page) and a role that opens them (else: to the
 * account page, which says so; the role is read with every request, so a change applies at once);
 * their POSTs need the session's CSRF token in the `_csrf` field.
 */
export function requireAdmin(
  services: Services,
  onForgery: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const admin = await currentAdmin(c, services);
    if (!admin) {
      if (c.req.method === "GET") return c.redirect("/admin/login", 303);
      return onForgery(c);
    }
    if (c.req.method === "POST") {
      const form = await c.req.parseBody();
      const sent = typeof form._csrf === "string" ? form._csrf : "";
      if (!sameToken(sent, admin.csrf)) return onForgery(c);
    }
    if (!roleAllows(admin.role, c.req.path)) {
      if (c.req.method === "GET") return c.redirect("/admin/account?notice=not-allowed", 303);
      return onForgery(c);
    }
    c.set("admin", admin);
    c.set("tr", translator(admin.locale ?? browserLocale(c)));
    await next();
  };
}
