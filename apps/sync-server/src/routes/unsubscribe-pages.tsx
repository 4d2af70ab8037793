import { type Context, Hono } from "hono";
import type { AppServices } from "../services";
import type { PublicCard } from "../storage/wallet-store";
import { customerMessages, offeredLocales } from "../wallet/customer-locale";
import { sendCustomerPage } from "../wallet/pages/customer-document";
import { UnsubscribePage } from "../wallet/pages/unsubscribe-page";

/**
 * `/u/:token`: the one-click unsubscribe of campaign e-mail (RFC 8058). GET shows what it does and
 * a button (a link checker or preview that fetches the URL unsubscribes nobody); POST — the button,
 * or a mail client's `List-Unsubscribe=One-Click` — stops the e-mails, as often as it is sent.
 * The signed token is the only authority: no cookie, no CSRF token, as RFC 8058 requires.
 */
export function unsubscribeRoutes(services: AppServices): Hono {
  const { store } = services.wallet;
  const load = async (c: Context) => {
    const cardId = services.unsubscribes.check(c.req.param("token") ?? "");
    return cardId === null ? null : store.findCard(cardId);
  };
  const show = (c: Context, card: PublicCard | null, step: "ask" | "done") => {
    const program = card?.program ?? null;
    const m = customerMessages(c, program);
    return sendCustomerPage(
      c,
      <UnsubscribePage
        m={m}
        path={c.req.path}
        locales={offeredLocales(program)}
        merchantName={card?.merchantName ?? null}
        colors={card?.program.design ?? null}
        step={step}
      />,
      card ? 200 : 404,
    );
  };
  return new Hono()
    .get("/:token", async (c) => show(c, await load(c), "ask"))
    .post("/:token", async (c) => {
      const card = await load(c);
      if (card) await services.store.stopCampaignEmails(card.id, services.now());
      return show(c, card, "done");
    });
}
