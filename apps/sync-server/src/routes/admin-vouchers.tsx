import { voucherNumbered } from "@stamp/core";
import { type Context, Hono } from "hono";
import { type AdminEnv, requireAdmin } from "../admin/admin-session";
import { VoucherConfirmPage } from "../admin/pages/voucher-confirm-page";
import { adminActor, recordAudit } from "../audit/audit-log";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import { redeemForStaff } from "../vouchers/server-redemption";
import { forgery, tr, UUID } from "./admin-kit";

/**
 * `/admin/cards/:id/vouchers/:cycle`: staff hand a reward over (or redeem a voucher) from the
 * admin pages, after a confirmation page; the server refuses one already used, expired or withdrawn.
 */
export function adminVoucherRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const load = async (c: Context<AdminEnv>) => {
    const id = c.req.param("id") ?? "";
    const cycle = Number(c.req.param("cycle"));
    const card = UUID.test(id) ? await store.getCard(c.get("admin").merchantId, id) : null;
    const voucher =
      card && Number.isSafeInteger(cycle) ? voucherNumbered(card.state, cycle) : undefined;
    return card && voucher ? { card, voucher } : null;
  };
  return new Hono<AdminEnv>()
    .use("/cards/:id/vouchers/*", requireAdmin(services, forgery))
    .get("/cards/:id/vouchers/:cycle", async (c) => {
      const found = await load(c);
      if (!found) return c.notFound();
      return sendPage(
        c,
        <VoucherConfirmPage
          tr={tr}
          admin={c.get("admin")}
          cardId={found.card.id}
          voucher={found.voucher}
        />,
      );
    })
    .post("/cards/:id/vouchers/:cycle", async (c) => {
      const found = await load(c);
      if (!found) return c.notFound();
      const refused = await redeemForStaff(services, found.card, found.voucher);
      if (!refused) {
        await recordAudit(services, adminActor(c.get("admin")), "voucher.redeemed", found.card.id, {
          voucher: found.voucher.id,
        });
        return c.redirect(`/admin/cards/${found.card.id}?notice=redeemed`, 303);
      }
      return sendPage(
        c,
        <VoucherConfirmPage
          tr={tr}
          admin={c.get("admin")}
          cardId={found.card.id}
          voucher={found.voucher}
          problem={tr.t("vouchers.refused", { reason: refused.message })}
        />,
        409,
      );
    });
}
