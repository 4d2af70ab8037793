import { type Context, Hono } from "hono";
import type { Admin, AdminEnv } from "../admin/admin-session";
import { CardPage } from "../admin/pages/card-page";
import { CardsPage } from "../admin/pages/cards-page";
import { ConflictsPage } from "../admin/pages/conflicts-page";
import { adminActor, recordAudit } from "../audit/audit-log";
import { setCardBlocked } from "../cards/block-card";
import { findCard } from "../cards/card-reference";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import { field, form, notice, plainText, tr, UUID } from "./admin-kit";

/** `/admin/cards` (search, a card's history, blocking) and `/admin/conflicts`. */
export function adminCardRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const app = new Hono<AdminEnv>();

  app.get("/cards", async (c) => {
    const admin = c.get("admin");
    const query = (c.req.query("q") ?? "").trim().slice(0, 200);
    let error: string | undefined;
    if (query !== "") {
      const found = await findCard(services, admin.merchantId, query);
      if (found.ok) return c.redirect(`/admin/cards/${found.card.id}`, 303);
      error =
        found.reason === "not-found"
          ? tr.t("cards.notFound")
          : tr.t("cards.badCode", { reason: found.message });
    }
    const recent = await store.listRecentCards(admin.merchantId, 20);
    return sendPage(
      c,
      <CardsPage tr={tr} admin={admin} query={query} error={error} recent={recent} />,
      error ? 404 : 200,
    );
  });

  const cardPage = async (
    c: Context<AdminEnv>,
    admin: Admin,
    cardId: string,
    reasonError?: string,
  ) => {
    const card = UUID.test(cardId) ? await store.getCard(admin.merchantId, cardId) : null;
    if (!card) return c.notFound();
    const [history, program, devices, server, staffNames] = await Promise.all([
      store.cardHistory(admin.merchantId, cardId),
      store.getProgram(admin.merchantId, card.programId),
      store.listDevices(admin.merchantId),
      store.getServerDevice(admin.merchantId),
      store.staffNames(admin.merchantId),
    ]);
    const deviceNames = new Map([
      ...devices.map((d) => [d.id, d.name] as const),
      [server.id, server.name],
    ]);
    return sendPage(
      c,
      <CardPage
        tr={tr}
        admin={admin}
        card={card}
        programName={program?.program.name ?? ""}
        history={history}
        deviceNames={deviceNames}
        staffNames={staffNames}
        now={services.now()}
        notice={notice(c)}
        reasonError={reasonError}
      />,
      reasonError ? 422 : 200,
    );
  };
  app.get("/cards/:id", (c) => cardPage(c, c.get("admin"), c.req.param("id")));

  for (const action of ["block", "unblock"] as const) {
    app.post(`/cards/:id/${action}`, async (c) => {
      const admin = c.get("admin");
      const id = c.req.param("id");
      const card = UUID.test(id) ? await store.getCard(admin.merchantId, id) : null;
      if (!card) return c.notFound();
      const reason = field(await form(c), "reason");
      if ((action === "block" || reason !== "") && !plainText(reason, 200))
        return cardPage(c, admin, id, tr.t("cards.reason.invalid"));
      await setCardBlocked(
        services,
        { merchantId: admin.merchantId, programId: card.programId, cardId: id },
        action === "block",
        reason,
      );
      await recordAudit(
        services,
        adminActor(admin),
        action === "block" ? "card.blocked" : "card.unblocked",
        id,
        reason === "" ? null : { reason },
      );
      return c.redirect(
        `/admin/cards/${id}?notice=${action === "block" ? "blocked" : "unblocked"}`,
        303,
      );
    });
  }

  app.get("/conflicts", async (c) => {
    const admin = c.get("admin");
    const cards = await store.listConflictCards(admin.merchantId, 200);
    return sendPage(c, <ConflictsPage tr={tr} admin={admin} cards={cards} />);
  });

  return app;
}
