import { Hono } from "hono";
import { MAIL_BOUNCES_PATH } from "../http/body-limits";
import { clientKey } from "../http/client-key";
import { takeToken } from "../http/rate-limit";
import { bouncedCard } from "../mail/bounce-address";
import { readBounce } from "../mail/delivery-status";
import type { AppServices } from "../services";

/**
 * `POST /mail/bounces`: late bounces of campaign e-mail. The operator hands every message that
 * reaches MAIL_BOUNCE_ADDRESS's mailbox here as it came (`message/rfc822`), e.g. from a Postfix
 * alias `bounces: "|curl -s --data-binary @- https://stamp.example/mail/bounces"` with
 * `recipient_delimiter = +`. A DSN of a permanent failure to a card's VERP address stops e-mail to
 * that customer (as an SMTP-time refusal does); anything else is taken and ignored, so the mail
 * system never retries. The signed tag is the only authority, as for one-click unsubscribes: it
 * names one card and can only stop e-mail. Unauthenticated and each message parsed, so limited
 * per client address (RateLimits.mailBounces): past it, 429 with Retry-After — the MTA's pipe
 * exits 75 (EX_TEMPFAIL, see README) and its queue hands the bounce over again later.
 */
export function mailBounceRoutes(services: AppServices): Hono {
  const log = services.logger.child({ module: "mail-bounces" });
  return new Hono().post(MAIL_BOUNCES_PATH, async (c) => {
    const base = services.mailBounceAddress;
    if (base === null) return c.notFound();
    await takeToken(services.limits.mailBounces, clientKey(c), services.now());
    const bounce = await readBounce(Buffer.from(await c.req.arrayBuffer()));
    const cardId = bounce.permanent ? bouncedCard(base, services.unsubscribes, bounce.to) : null;
    if (cardId === null) return c.json({ stopped: false }, 202);
    await services.store.stopCampaignEmails(cardId, services.now());
    log.info({ cardId }, "a late bounce stopped e-mail to a customer");
    return c.json({ stopped: true }, 202);
  });
}
