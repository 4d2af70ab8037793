import type { CardWalletAnswer } from "@stamp/wire-protocol";
import { Hono } from "hono";
import { ApiError } from "../http/api-error";
import { type AuthEnv, authenticate } from "../http/authenticate";
import type { AppServices } from "../services";
import { cardLinks } from "../wallet/card-links";

/**
 * `GET /api/v1/sync/cards/:cardId/wallet` (wire protocol 4): a till that scanned a card asks
 * whether it still updates on the customer's phone (`CardWalletAnswer`). Only the device's own
 * merchant's cards.
 */
export function cardWalletRoutes(services: AppServices): Hono<AuthEnv> {
  return new Hono<AuthEnv>().get(
    "/cards/:cardId/wallet",
    authenticate(services, ["device"]),
    async (c) => {
      const principal = c.get("principal");
      if (principal.kind !== "device") throw new Error("device route reached without a device");
      const cardId = c.req.param("cardId");
      const card = await services.store.getCard(principal.device.merchantId, cardId);
      if (!card) throw new ApiError("card-not-found", "this merchant has no such card");
      const pass = await services.storage.wallet.getPass(cardId);
      const answer: CardWalletAnswer = {
        cardId,
        updates: pass?.updatesLostAt == null ? "ok" : "lost",
        cardUrl: cardLinks(services.publicUrl, cardId).card,
      };
      return c.json(answer);
    },
  );
}
