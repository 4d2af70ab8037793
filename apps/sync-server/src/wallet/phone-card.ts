import { UUID_ANY } from "@stamp/core";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { secureCookies } from "../http/peer";
import type { Services } from "../services";

/** Browsers keep a cookie at most 400 days; each visit to the card renews it. */
const REMEMBER_SECONDS = 400 * 24 * 3600;

const cookieName = (programId: string) => `stamp_card_${programId}`;

/**
 * Remembers, in this browser, which card of a program it holds, so a receipt QR opened here can
 * offer "add them to my card". The card id is the card's secret: the cookie is HttpOnly and only
 * ever sent to the receipt pages (`/r`), never to another site (SameSite=Lax).
 */
export function rememberCard(
  c: Context,
  services: Pick<Services, "publicHttps">,
  programId: string,
  cardId: string,
): void {
  setCookie(c, cookieName(programId), cardId, {
    path: "/r",
    httpOnly: true,
    sameSite: "Lax",
    secure: secureCookies(c, services),
    maxAge: REMEMBER_SECONDS,
  });
}

/** The id of the card of `programId` this browser holds, if it remembered one. */
export function rememberedCard(c: Context, programId: string): string | null {
  const cardId = getCookie(c, cookieName(programId));
  return cardId && UUID_ANY.test(cardId) ? cardId.toLowerCase() : null;
}
