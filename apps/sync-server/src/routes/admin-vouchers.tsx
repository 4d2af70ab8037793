import { voucherNumbered } from "@stamp/core";
import { type Context, Hono } from "hono";
import { type AdminEnv, requireAdmin } from "../admin/admin-session";
import { VoucherConfirmPage } from "../admin/pages/voucher-confirm-page";
import { adminActor, recordAudit } from "../audit/audit-log";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import { redeemForStaff } from "../vouchers/server-redemption";
import { adminCard, field, forgery, form, plainText, tr } from "./admin-kit";

/**
 * `/admin/cards/:id/vouchers/:cycle`: staff hand a reward over (or redeem a voucher) from the
 * admin pages, after a confirmation page; the server refuses one already used, expired or withdrawn.
 */
export function adminVoucherRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const load = async (c: Context<AdminEnv>) => {
    const cycle = Number(c.req.param("cycle"));
    const card = await adminCard(store, c, c.req.param("id") ?? "");
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
      const reason = field(await form(c), "reason");
      const again = (status: 409 | 422, problems: { problem?: string; reasonError?: string }) =>
        sendPage(
          c,
          <VoucherConfirmPage
            tr={tr}
            admin={c.get("admin")}
            cardId={found.card.id}
            voucher={found.voucher}
            reason={reason}
            {...problems}
          />,
          status,
        );
      if (!plainText(reason, 200)) return again(422, { reasonError: tr.t("cards.reason.invalid") });
      const { eventId, refused } = await redeemForStaff(services, found.card, found.voucher);
      if (refused)
        return again(409, { problem: tr.t("vouchers.refused", { reason: refused.message }) });
      await recordAudit(services, adminActor(c.get("admin")), "voucher.redeemed", found.card.id, {
        voucher: found.voucher.id,
        event: eventId,
        reason,
      });
      return c.redirect(`/admin/cards/${found.card.id}?notice=redeemed`, 303);
    });
}
