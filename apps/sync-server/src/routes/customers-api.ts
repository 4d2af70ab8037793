import { hlcMillis, UUID_ANY } from "@stamp/core";
import { Hono } from "hono";
import * as v from "valibot";
import { apiKeyActor, recordAudit } from "../audit/audit-log";
import { customerExport } from "../cards/customer-export";
import { ApiError } from "../http/api-error";
import { type AuthEnv, authenticate, merchantOf } from "../http/authenticate";
import type { Services } from "../services";
import type { CardRecord } from "../storage/store";

/** Customers per page of a search. */
const PAGE = 50;

export const CustomerSearchQuery = v.strictObject({
  q: v.pipe(v.string(), v.trim(), v.minLength(1, "is required"), v.maxLength(254, "is too long")),
  cursor: v.optional(v.pipe(v.string(), v.regex(UUID_ANY, "must be a card id"))),
});

function customerOf(card: CardRecord) {
  const { name, email, phone } = card.profile ?? {};
  return {
    cardId: card.id,
    programId: card.programId,
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    stamps: card.state.stamps,
    ...(card.state.lastStampHlc
      ? { lastVisitAt: new Date(hlcMillis(card.state.lastStampHlc)).toISOString() }
      : {}),
  };
}

/** Customers for integrators: search, a customer's data, and erasing it (API.md § Customers). */
export function customerRoutes(services: Services): Hono<AuthEnv> {
  const { store } = services;
  const auth = authenticate(services, ["api-key"]);
  const cardOf = async (merchantId: string, cardId: string) => {
    const card = UUID_ANY.test(cardId) ? await store.getCard(merchantId, cardId) : null;
    if (!card) throw new ApiError("card-not-found", "no such card");
    return card;
  };
  return new Hono<AuthEnv>()
    .get("/", auth, async (c) => {
      const query = v.safeParse(CustomerSearchQuery, c.req.query());
      if (!query.success)
        throw new ApiError(
          "invalid-query",
          query.issues.map((i) => `${v.getDotPath(i) ?? "query"} ${i.message}`).join("; "),
        );
      const merchantId = merchantOf(c.get("principal"));
      const page = await store.searchCustomers(
        merchantId,
        query.output.q,
        query.output.cursor ?? null,
        PAGE,
      );
      return c.json({
        items: page.map(customerOf),
        next: page.length === PAGE ? (page.at(-1)?.id ?? null) : null,
      });
    })
    .get("/:cardId/export", auth, async (c) => {
      const merchantId = merchantOf(c.get("principal"));
      const card = await cardOf(merchantId, c.req.param("cardId"));
      const exported = await customerExport(services, card);
      await recordAudit(services, apiKeyActor(c.get("principal")), "customer.exported", card.id);
      c.header("content-disposition", `attachment; filename="customer-${card.id}.json"`);
      return c.json(exported);
    })
    .delete("/:cardId/personal-data", auth, async (c) => {
      const merchantId = merchantOf(c.get("principal"));
      const card = await cardOf(merchantId, c.req.param("cardId"));
      await store.erasePersonalData(merchantId, card.id, services.now());
      await recordAudit(services, apiKeyActor(c.get("principal")), "customer.erased", card.id);
      return c.json({ erased: true });
    });
}
