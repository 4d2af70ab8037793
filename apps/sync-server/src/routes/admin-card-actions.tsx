import { type Context, Hono } from "hono";
import type { AdminEnv } from "../admin/admin-session";
import { hlcTime } from "../admin/pages/card-history";
import type { CardPageProblem } from "../admin/pages/card-page";
import { Field } from "../admin/pages/form-bits";
import { adminActor, recordAudit } from "../audit/audit-log";
import { undoStamps } from "../cards/undo-stamps";
import type { AppServices } from "../services";
import { messagesForCustomer } from "../wallet/customer-locale";
import { sendRestoreLink } from "../wallet/restore-link";
import { adminCard, askFirst, confirmed, field, form, plainText, tr } from "./admin-kit";

/**
 * What staff do for a customer from the card's page: undo a stamp (asked first, with a reason;
 * one `stamps.revoked` however often the form is sent) and mail the customer the card restore
 * link (the join page's "Already have a card?" flow, started by the shop).
 */
export function adminCardActionRoutes(
  services: AppServices,
  cardPage: (c: Context<AdminEnv>, cardId: string, problem: CardPageProblem) => Promise<Response>,
): Hono<AdminEnv> {
  const { store } = services;
  const app = new Hono<AdminEnv>();
  const cardOf = (c: Context<AdminEnv>) => adminCard(store, c, c.req.param("id") ?? "");

  app.post("/cards/:id/stamps/:eventId/undo", async (c) => {
    const card = await cardOf(c);
    if (!card) return c.notFound();
    const eventId = c.req.param("eventId");
    const history = await store.cardHistory(card.merchantId, card.id);
    const stamp = history.find((l) => l.event.id === eventId)?.event;
    if (stamp?.type !== "stamps.added") return c.notFound();
    const back = `/admin/cards/${card.id}`;
    // Undone already (a second tab, a reload of the confirmation): nothing more to do.
    if (history.some((l) => l.event.type === "stamps.revoked" && l.event.targetId === eventId))
      return c.redirect(`${back}?notice=undone`, 303);
    const fields = await form(c);
    const reason = field(fields, "reason");
    const ask = (error?: string) =>
      askFirst(
        c,
        {
          section: "cards",
          title: tr.plural("cards.undo.title", stamp.count, { count: stamp.count }),
          body: tr.t("cards.undo.body", { time: hlcTime(tr, stamp.hlc) }),
          action: `/admin/cards/${card.id}/stamps/${eventId}/undo`,
          confirmLabel: tr.t("cards.undo.yes"),
          back,
          children: (
            <Field
              name="reason"
              label={tr.t("cards.reason")}
              hint={tr.t("cards.reason.hint")}
              value={reason}
              error={error}
              maxlength={200}
              required
            />
          ),
        },
        error ? 422 : 200,
      );
    if (!confirmed(fields)) return ask();
    if (!plainText(reason, 200)) return ask(tr.t("cards.reason.invalid"));
    const refused = await undoStamps(services, card, eventId, reason);
    if (refused)
      return cardPage(c, card.id, {
        message: tr.t("cards.undo.refused", { reason: refused }),
        status: 409,
      });
    await recordAudit(services, adminActor(c.get("admin")), "card.stamp-undone", card.id, {
      stamp: eventId,
      reason,
    });
    return c.redirect(`${back}?notice=undone`, 303);
  });

  app.post("/cards/:id/restore-link", async (c) => {
    const card = await cardOf(c);
    const email = card?.profile?.email;
    const found = card ? await services.wallet.store.findProgram(card.programId) : null;
    if (!card || !email || !found) return c.notFound();
    try {
      await sendRestoreLink(
        services,
        found,
        messagesForCustomer(found.program, card.profile),
        card.id,
        email,
      );
    } catch (error) {
      services.logger.error({ err: error }, "a card restore link could not be sent");
      return cardPage(c, card.id, { message: tr.t("cards.restore.failed"), status: 503 });
    }
    await recordAudit(services, adminActor(c.get("admin")), "card.restore-link-sent", card.id);
    return c.redirect(`/admin/cards/${card.id}?notice=restore-sent`, 303);
  });

  return app;
}
