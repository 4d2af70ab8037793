import { Hono } from "hono";
import { CARD_SCRIPT, WALLET_CSS } from "../wallet/pages/wallet-assets";

const FOREVER = "public, max-age=31536000, immutable";

/** The customer pages' stylesheet and script, under content-hashed URLs. */
export function walletAssetRoutes(): Hono {
  return new Hono()
    .get(WALLET_CSS.href, (c) =>
      c.body(WALLET_CSS.body, 200, {
        "content-type": "text/css; charset=utf-8",
        "cache-control": FOREVER,
      }),
    )
    .get(CARD_SCRIPT.href, (c) =>
      c.body(CARD_SCRIPT.body, 200, {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": FOREVER,
      }),
    );
}
