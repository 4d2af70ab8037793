import { type Context, Hono } from "hono";
import type { AdminEnv } from "../admin/admin-session";
import { hlcTime } from "../admin/pages/card-history";
import type { CardPageProblem } from "../admin/pages/card-page";
import { Field } from "../admin/pages/form-bits";
import { adminActor, recordAudit } from "../audit/audit-log";
import { addStampsByHand, MAX_STAMPS_BY_HAND } from "../cards/add-stamps";
import { customerExport } from "../cards/customer-export";
import { undoStamps } from "../cards/undo-stamps";
import type { AppServices } from "../services";
import { messagesForCustomer } from "../wallet/customer-locale";
import { sendRestoreLink } from "../wallet/restore-link";
import { adminCard, askFirst, confirmed, field, form, plainText, tr } from "./admin-kit";

/** A card page form's token (`randomToken(18)`): its idempotency key. */
const FORM_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * What staff do for a customer from the card's page: add stamps by hand and undo a stamp (each
 * with a reason, kept in the audit log with the event's id; a form sent twice acts once), mail
 * the customer the card restore link (the join page's "Already have a card?" flow, started by
 * the shop), download the customer's data and erase it (asked first).
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

  app.post("/cards/:id/stamps", async (c) => {
    const card = await cardOf(c);
    if (!card) return c.notFound();
    const fields = await form(c);
    const typed = { count: field(fields, "count"), reason: field(fields, "stampReason") };
    const count = Number(typed.count);
    const token = field(fields, "token");
    const problems = {
      ...(/^\d+$/.test(typed.count) && count >= 1 && count <= MAX_STAMPS_BY_HAND
        ? {}
        : { count: tr.t("cards.add.count.invalid", { max: MAX_STAMPS_BY_HAND }) }),
      ...(plainText(typed.reason, 200) ? {} : { reason: tr.t("cards.reason.invalid") }),
    };
    if (Object.keys(problems).length > 0 || !FORM_TOKEN.test(token))
      return cardPage(c, card.id, { stamps: { ...problems, typed }, status: 422 });
    const added = await addStampsByHand(services, card, count, token);
    if (!added.ok)
      return cardPage(c, card.id, {
        message: tr.t("cards.add.refused", { reason: added.message }),
        status: 409,
      });
    if (added.fresh)
      await recordAudit(services, adminActor(c.get("admin")), "card.stamps-added", card.id, {
        event: added.eventId,
        count,
        reason: typed.reason,
      });
    return c.redirect(`/admin/cards/${card.id}?notice=added`, 303);
  });

  app.get("/cards/:id/export", async (c) => {
    const card = await cardOf(c);
    if (!card) return c.notFound();
    const exported = await customerExport(services, card);
    await recordAudit(services, adminActor(c.get("admin")), "customer.exported", card.id);
    c.header("content-disposition", `attachment; filename="customer-${card.id}.json"`);
    c.header("cache-control", "no-store");
    return c.json(exported);
  });

  app.post("/cards/:id/erase", async (c) => {
    const card = await cardOf(c);
    if (!card) return c.notFound();
    const back = `/admin/cards/${card.id}`;
    if (!confirmed(await form(c)))
      return askFirst(c, {
        section: "cards",
        title: tr.t("cards.erase.title"),
        body: tr.t("cards.erase.body"),
        action: `${back}/erase`,
        confirmLabel: tr.t("cards.erase.yes"),
        back,
      });
    // Erased already (a reload, a second tab): nothing more to do or to record.
    if (card.profile === null) return c.redirect(`${back}?notice=erased`, 303);
    if (!(await store.erasePersonalData(card.merchantId, card.id, services.now())))
      return c.notFound();
    await recordAudit(services, adminActor(c.get("admin")), "customer.erased", card.id);
    return c.redirect(`${back}?notice=erased`, 303);
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
