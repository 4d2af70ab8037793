import { type Context, Hono } from "hono";
import type { Admin, AdminEnv } from "../admin/admin-session";
import { CardPage, type CardPageProblem } from "../admin/pages/card-page";
import { CardsPage, type CustomerMatches } from "../admin/pages/cards-page";
import { ConflictsPage } from "../admin/pages/conflicts-page";
import { adminActor, recordAudit } from "../audit/audit-log";
import { MAX_STAMPS_BY_HAND } from "../cards/add-stamps";
import { setCardBlocked } from "../cards/block-card";
import { findCard } from "../cards/card-reference";
import { sendPage } from "../pages/document";
import { randomToken, sha256 } from "../secrets/random-token";
import type { AppServices } from "../services";
import type { AuditEntry } from "../storage/audit-store";
import { adminCardActionRoutes } from "./admin-card-actions";
import {
  adminCard,
  askFirst,
  confirmed,
  field,
  form,
  notice,
  plainText,
  tr,
  UUID,
} from "./admin-kit";

/** A block form's token (`randomToken(18)`): its idempotency key. */
const FORM_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/** What was meant as a card number (digits, spaces, dashes) or a card code (C1…, S1.…). */
const CARD_REFERENCE_LIKE = /^([\d\s-]+|[cs]1\S*)$/i;

/** Customers per page of a search. */
const MATCHES_PER_PAGE = 25;

/**
 * Why events of a card were made by hand, by event id: the reasons given with stamps added and
 * rewards redeemed from these pages live in their audit entries (no event field carries them).
 */
function handReasons(entries: readonly AuditEntry[]): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const entry of entries) {
    const detail = entry.detail ? (JSON.parse(entry.detail) as Record<string, unknown>) : {};
    if (typeof detail.event === "string" && typeof detail.reason === "string")
      reasons.set(detail.event, detail.reason);
  }
  return reasons;
}

/**
 * `/admin/cards`: the customers (search by name, e-mail, phone, card number, code or id, paged),
 * a customer's card page (profile, progress, vouchers, pass, history), blocking (confirmed), the
 * actions of `admin-card-actions.tsx`; and `/admin/conflicts`.
 */
export function adminCardRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const app = new Hono<AdminEnv>();

  app.get("/cards", async (c) => {
    const admin = c.get("admin");
    const query = (c.req.query("q") ?? "").trim().slice(0, 200);
    const cursor = c.req.query("cursor") ?? "";
    let error: string | undefined;
    let matches: CustomerMatches | undefined;
    if (query !== "") {
      // A card's own reference opens it; anything else is a search of the customers' details.
      // A card of another location is not found here (its page would answer 404).
      const found = await findCard(services, admin.merchantId, query);
      const shown = found.ok && (await adminCard(store, c, found.card.id));
      if (shown) return c.redirect(`/admin/cards/${shown.id}`, 303);
      const page = await store.searchCustomers(
        admin.merchantId,
        query,
        UUID.test(cursor) ? cursor : null,
        MATCHES_PER_PAGE,
        admin.locations,
      );
      if (page.length > 0)
        matches = {
          cards: page,
          next: page.length === MATCHES_PER_PAGE ? (page.at(-1)?.id ?? null) : null,
        };
      // Nobody by that name: a typed card number or code says what is wrong with it.
      else
        error =
          !found.ok && found.reason === "bad-code" && CARD_REFERENCE_LIKE.test(query)
            ? tr.t("cards.badCode", { reason: found.message })
            : tr.t("cards.notFound", { query });
    }
    const recent = matches
      ? []
      : await store.listRecentCards(admin.merchantId, 20, admin.locations);
    return sendPage(
      c,
      <CardsPage
        tr={tr}
        admin={admin}
        query={query}
        error={error}
        matches={matches}
        recent={recent}
      />,
      error ? 404 : 200,
    );
  });

  const cardPage = async (
    c: Context<AdminEnv>,
    admin: Admin,
    cardId: string,
    problem?: CardPageProblem,
  ) => {
    const card = await adminCard(store, c, cardId);
    if (!card) return c.notFound();
    const wallet = services.wallet.store;
    const [history, program, devices, locations, server, pass, appleDevices, staffNames, audit] =
      await Promise.all([
        store.cardHistory(admin.merchantId, cardId),
        store.getProgram(admin.merchantId, card.programId),
        store.listDevices(admin.merchantId),
        store.listLocations(admin.merchantId),
        store.getServerDevice(admin.merchantId),
        wallet.getPass(cardId),
        wallet.registrationsOf(cardId),
        store.staffNames(admin.merchantId),
        store.listAudit(admin.merchantId, { target: cardId }, null, 500),
      ]);
    const locationNames = new Map(locations.map((l) => [l.id, l.name]));
    const sources = new Map([
      ...devices.map(
        (d) =>
          [
            d.id,
            {
              device: d.name,
              location: d.locationId ? (locationNames.get(d.locationId) ?? null) : null,
            },
          ] as const,
      ),
      [server.id, { device: server.name, location: null }],
    ]);
    return sendPage(
      c,
      <CardPage
        tr={tr}
        admin={admin}
        card={card}
        programName={program?.program.name ?? ""}
        history={history}
        sources={sources}
        pass={{
          appleDevices,
          googleSaved: pass?.googleObject ?? false,
          updatedAt: pass?.updatedAt ?? null,
        }}
        staffNames={staffNames}
        now={services.now()}
        notice={notice(c)}
        problem={problem}
        formToken={randomToken(18)}
        reasons={handReasons(audit)}
        maxStampsByHand={MAX_STAMPS_BY_HAND}
      />,
      problem ? problem.status : 200,
    );
  };
  app.get("/cards/:id", (c) => cardPage(c, c.get("admin"), c.req.param("id")));

  for (const action of ["block", "unblock"] as const) {
    app.post(`/cards/:id/${action}`, async (c) => {
      const admin = c.get("admin");
      const id = c.req.param("id");
      const card = await adminCard(store, c, id);
      if (!card) return c.notFound();
      const fields = await form(c);
      const reason = field(fields, "reason");
      const token = field(fields, "token");
      if ((action === "block" || reason !== "") && !plainText(reason, 200))
        return cardPage(c, admin, id, {
          reason: tr.t("cards.reason.invalid"),
          status: 422,
        });
      // Blocking refuses the customer's stamps everywhere: asked once more. Unblocking is not.
      if (action === "block" && !confirmed(fields))
        return askFirst(c, {
          section: "cards",
          title: tr.t("cards.confirm.title"),
          body: tr.t("cards.confirm.body", { reason }),
          action: `/admin/cards/${id}/block`,
          confirmLabel: tr.t("cards.confirm.yes"),
          back: `/admin/cards/${id}`,
          carried: { reason, token },
        });
      await setCardBlocked(
        services,
        { merchantId: admin.merchantId, programId: card.programId, cardId: id },
        action === "block",
        reason,
        FORM_TOKEN.test(token)
          ? { key: `admin-${action}:${id}:${token}`, requestHash: sha256(`${action}:${reason}`) }
          : undefined,
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

  app.route(
    "/",
    adminCardActionRoutes(services, (c, id, problem) => cardPage(c, c.get("admin"), id, problem)),
  );

  app.get("/conflicts", async (c) => {
    const admin = c.get("admin");
    const cards = await store.listConflictCards(admin.merchantId, 200, admin.locations);
    return sendPage(c, <ConflictsPage tr={tr} admin={admin} cards={cards} />);
  });

  return app;
}
