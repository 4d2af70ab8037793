import {
  cardView,
  formatCardNumber,
  ISO_TIME,
  isoToMs,
  stampsExpiryNews,
  UUID_ANY,
  UUID_V7,
} from "@stamp/core";
import { stripSvg } from "@stamp/pass-builder";
import { type Context, Hono } from "hono";
import QRCode from "qrcode";
import * as v from "valibot";
import { problem, problemResponse } from "../http/api-error";
import { clientKey } from "../http/client-key";
import { readJson } from "../http/json-body";
import { requestPeer } from "../http/peer";
import { takeToken } from "../http/rate-limit";
import type { AppServices } from "../services";
import { secureOrigin } from "../setup/secure-origin";
import type { PublicCard } from "../storage/wallet-store";
import { revealPrize, selfRedeem } from "../vouchers/customer-vouchers";
import { voucherVisuals } from "../vouchers/voucher-visuals";
import { cardLinks } from "../wallet/card-links";
import { customerMessages, offeredLocales } from "../wallet/customer-locale";
import { CardNotFound, CardPage } from "../wallet/pages/card-page";
import { sendCustomerPage } from "../wallet/pages/customer-document";
import type { SecureAlternative } from "../wallet/pages/insecure-notice";
import { SERVICE_WORKER } from "../wallet/pages/wallet-assets";
import { rememberCard } from "../wallet/phone-card";
import { artworkStyle } from "../wallet/program-design";

/** A self-redemption from the web card's script (see vouchers/customer-vouchers). */
const SelfRedeemRequest = v.strictObject({
  id: v.pipe(v.string(), v.regex(UUID_V7, "must be a lowercase UUIDv7")),
  at: ISO_TIME,
  confirmed: v.boolean(),
});

const qrSvg = (text: string) =>
  QRCode.toString(text, { type: "svg", margin: 1, errorCorrectionLevel: "M" });

/** Changes whenever anything the page shows may have changed. */
const etagOf = (card: PublicCard) => `"${card.updatedAt.toString(36)}-${card.program.version}"`;

/**
 * The customer's web card at `/c/:cardId` (the id is the unguessable secret), its state for
 * polling, its web manifest, the service worker, and the Google save redirect.
 */
export function cardPageRoutes(services: AppServices): Hono {
  const { store, passes } = services.wallet;

  const load = async (c: Context) => {
    const cardId = c.req.param("cardId") ?? "";
    return UUID_ANY.test(cardId) ? store.findCard(cardId) : null;
  };
  const messagesFor = (c: Context, card: PublicCard | null) =>
    customerMessages(c, card?.program ?? null);

  /** For a page served over plain HTTP: the same page at the server's HTTPS origin. */
  const secureAlternative = async (c: Context): Promise<SecureAlternative | null> => {
    const peer = requestPeer(c);
    if (peer.https) return null;
    const origin = secureOrigin(services, peer.host);
    if (!origin) return { url: null, qrSvg: null };
    const url = `${origin}${c.req.path}`;
    return { url, qrSvg: await qrSvg(url) };
  };

  return new Hono()
    .get("/sw.js", (c) =>
      c.body(SERVICE_WORKER.body, 200, {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": "no-cache",
        "service-worker-allowed": "/c/",
      }),
    )
    .get("/:cardId", async (c) => {
      const card = await load(c);
      const m = messagesFor(c, card);
      if (!card) return sendCustomerPage(c, <CardNotFound m={m} path={c.req.path} />, 404);
      const view = cardView(card.state, services.now());
      rememberCard(c, services, card.program.id, card.id);
      c.header("etag", etagOf(card));
      return sendCustomerPage(
        c,
        <CardPage
          m={m}
          merchantName={card.merchantName}
          business={card.business}
          program={card.program}
          view={view}
          stampsNews={stampsExpiryNews(card.program, card.state)}
          number={formatCardNumber(card.number)}
          qrSvg={await qrSvg(card.code)}
          visuals={await voucherVisuals(services, card, view.vouchers)}
          stripSvg={stripSvg(artworkStyle(card.program), view.stamps)}
          links={cardLinks(services.publicUrl, card.id)}
          locales={offeredLocales(card.program)}
          etag={etagOf(card)}
          icon={passes.logoPath(card.program)}
          logo={await passes.bannerPath(card.program)}
          updatedAt={card.updatedAt}
          insecure={await secureAlternative(c)}
        />,
      );
    })
    .post("/:cardId/vouchers/:cycle/redeem", async (c) => {
      await takeToken(services.limits.walletService, clientKey(c), services.now());
      const card = await load(c);
      const cycle = Number(c.req.param("cycle"));
      if (!card || !Number.isSafeInteger(cycle))
        return problemResponse(c, problem("voucher-not-found", "no such voucher"));
      const request = await readJson(c, SelfRedeemRequest);
      const result = await selfRedeem(services, card, cycle, {
        id: request.id,
        at: isoToMs(request.at) as number,
        confirmed: request.confirmed,
      });
      return result.ok ? c.json({ voucher: result.voucher }) : problemResponse(c, result.problem);
    })
    .post("/:cardId/vouchers/:cycle/reveal", async (c) => {
      await takeToken(services.limits.walletService, clientKey(c), services.now());
      const card = await load(c);
      const cycle = Number(c.req.param("cycle"));
      if (!card || !Number.isSafeInteger(cycle))
        return problemResponse(c, problem("voucher-not-found", "no such voucher"));
      const result = await revealPrize(services, card, cycle);
      return result.ok ? c.json({ voucher: result.voucher }) : problemResponse(c, result.problem);
    })
    .get("/:cardId/state", async (c) => {
      const card = await load(c);
      if (!card) return c.json({ error: "not-found" }, 404);
      const etag = etagOf(card);
      c.header("etag", etag);
      c.header("cache-control", "no-cache");
      if (c.req.header("if-none-match") === etag) return c.body(null, 304);
      const view = cardView(card.state, services.now());
      return c.json({
        stamps: view.stamps,
        goal: view.goal,
        rewardsReady: view.rewardsReady,
        blocked: view.blocked,
      });
    })
    .get("/:cardId/manifest.webmanifest", async (c) => {
      const card = await load(c);
      if (!card) return c.json({ error: "not-found" }, 404);
      const m = messagesFor(c, card);
      const path = `/c/${card.id}`;
      return c.body(
        JSON.stringify({
          name: `${card.program.name} · ${card.merchantName}`,
          short_name: card.program.name,
          lang: m.locale,
          dir: m.dir,
          start_url: `${path}?lang=${m.locale}`,
          scope: path,
          display: "standalone",
          background_color: card.program.design.background,
          theme_color: card.program.design.background,
          icons: [
            {
              src: passes.logoPath(card.program),
              sizes: "87x87",
              type: "image/png",
            },
          ],
        }),
        200,
        { "content-type": "application/manifest+json", "cache-control": "no-cache" },
      );
    })
    .get("/:cardId/google-wallet", async (c) => {
      const cardId = c.req.param("cardId");
      const link = UUID_ANY.test(cardId) ? await passes.googleSaveLink(cardId) : null;
      if (!link)
        return sendCustomerPage(
          c,
          <CardNotFound m={messagesFor(c, null)} path={c.req.path} />,
          404,
        );
      c.header("cache-control", "no-store");
      return c.redirect(link, 302);
    });
}
