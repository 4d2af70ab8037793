import { type Context, Hono } from "hono";
import { clientKey } from "../http/client-key";
import type { Translator } from "../i18n/translate";
import { EMAIL_ADDRESS } from "../mail/email-address";
import { sha256 } from "../secrets/random-token";
import type { AppServices } from "../services";
import type { JoinProgram } from "../storage/wallet-store";
import { customerMessages } from "../wallet/customer-locale";
import { issueJoinCsrf, joinCsrfHolds } from "../wallet/join-csrf";
import type { WalletMessageKey } from "../wallet/messages/en";
import { sendCustomerPage } from "../wallet/pages/customer-document";
import { JoinNotFound } from "../wallet/pages/join-page";
import {
  RestoreExpiredPage,
  RestoreOpenPage,
  RestoreRequestPage,
  RestoreSentPage,
} from "../wallet/pages/restore-page";
import { sendRestoreLink } from "../wallet/restore-link";

const SLUG = /^[a-z0-9-]{1,64}$/;
/** Cards one request may send links for (a customer who joined twice with one address). */
const MAX_CARDS_PER_REQUEST = 3;

/**
 * `/join/:slug/restore`: a customer with a new phone gets their card back. They give the e-mail
 * they joined with; whatever they give, the answer is the same page (nobody learns who is a
 * customer), and each matching card of the program gets a one-time link by e-mail, valid 30
 * minutes. The link's page asks for a tap before it is used, so a mail scanner fetching it does
 * not spend it; the tap claims it atomically and opens `/c/<the same card>`.
 */
export function restorePageRoutes(services: AppServices): Hono {
  const { store } = services;

  const find = async (c: Context) => {
    const slug = c.req.param("slug") ?? "";
    return SLUG.test(slug) ? services.wallet.store.findProgramBySlug(slug) : null;
  };
  const messagesFor = (c: Context, found: JoinProgram | null): Translator =>
    customerMessages(c, found?.program ?? null);
  const props = (c: Context, found: JoinProgram, m: Translator) => ({
    m,
    program: found.program,
    merchantName: found.merchantName,
    path: c.req.path,
    icon: services.wallet.passes.logoPath(found.program),
  });
  const requestPage = (
    c: Context,
    found: JoinProgram,
    m: Translator,
    contact: string,
    error?: WalletMessageKey,
    status: 200 | 403 | 422 | 429 = 200,
  ) =>
    sendCustomerPage(
      c,
      <RestoreRequestPage
        {...props(c, found, m)}
        csrfToken={issueJoinCsrf(c, services)}
        contact={contact}
        {...(error ? { error } : {})}
      />,
      status,
    );

  /** Links for each card of the contact, sent after the answer so its timing tells nothing. */
  const sendLinks = async (found: JoinProgram, m: Translator, contact: string) => {
    const { merchantId, id: programId } = found.program;
    const cards = (await store.findCardsByEmail(merchantId, programId, contact)).slice(
      0,
      MAX_CARDS_PER_REQUEST,
    );
    for (const cardId of cards) await sendRestoreLink(services, found, m, cardId, contact);
  };

  const notFound = (c: Context, m: Translator) =>
    sendCustomerPage(c, <JoinNotFound m={m} path={c.req.path} />, 404);

  return new Hono()
    .get("/:slug/restore", async (c) => {
      const found = await find(c);
      const m = messagesFor(c, found);
      return found ? requestPage(c, found, m, "") : notFound(c, m);
    })
    .post("/:slug/restore", async (c) => {
      const found = await find(c);
      const m = messagesFor(c, found);
      if (!found) return notFound(c, m);
      const body = await c.req.parseBody();
      const contact = typeof body.contact === "string" ? body.contact.trim().slice(0, 254) : "";
      if (!joinCsrfHolds(c, body.csrf))
        return requestPage(c, found, m, contact, "join.error.expired", 403);
      if (!(await services.limits.join.take(clientKey(c), services.now())).ok)
        return requestPage(c, found, m, contact, "restore.error.tooMany", 429);
      if (!EMAIL_ADDRESS.test(contact))
        return requestPage(c, found, m, contact, "restore.error.contact", 422);
      void sendLinks(found, m, contact.toLowerCase()).catch((error: unknown) =>
        services.logger.error({ err: error }, "a card restore link could not be sent"),
      );
      return sendCustomerPage(c, <RestoreSentPage {...props(c, found, m)} />);
    })
    .get("/:slug/restore/:token", async (c) => {
      const found = await find(c);
      const m = messagesFor(c, found);
      if (!found) return notFound(c, m);
      return sendCustomerPage(
        c,
        <RestoreOpenPage {...props(c, found, m)} csrfToken={issueJoinCsrf(c, services)} />,
      );
    })
    .post("/:slug/restore/:token", async (c) => {
      const found = await find(c);
      const m = messagesFor(c, found);
      if (!found) return notFound(c, m);
      const body = await c.req.parseBody();
      const cardId = joinCsrfHolds(c, body.csrf)
        ? await store.claimRestoreLink(sha256(c.req.param("token")), services.now())
        : null;
      if (cardId) return c.redirect(`/c/${cardId}?lang=${m.locale}`, 303);
      return sendCustomerPage(
        c,
        <RestoreExpiredPage
          {...props(c, found, m)}
          again={`/join/${found.slug}/restore?lang=${m.locale}`}
        />,
        410,
      );
    });
}
