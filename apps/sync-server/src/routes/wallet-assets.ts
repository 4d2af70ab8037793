import { type Context, Hono } from "hono";
import { PROGRAM_PREVIEW_SCRIPT } from "../admin/admin-assets";
import { CARD_SCRIPT, WALLET_CSS } from "../wallet/pages/wallet-assets";

const FOREVER = "public, max-age=31536000, immutable";

const script = (c: Context, body: string) =>
  c.body(body, 200, {
    "content-type": "text/javascript; charset=utf-8",
    "cache-control": FOREVER,
  });

/** The customer pages' stylesheet and scripts (and the admin editor's), under content-hashed URLs. */
export function walletAssetRoutes(): Hono {
  return new Hono()
    .get(WALLET_CSS.href, (c) =>
      c.body(WALLET_CSS.body, 200, {
        "content-type": "text/css; charset=utf-8",
        "cache-control": FOREVER,
      }),
    )
    .get(CARD_SCRIPT.href, (c) => script(c, CARD_SCRIPT.body))
    .get(PROGRAM_PREVIEW_SCRIPT.href, (c) => script(c, PROGRAM_PREVIEW_SCRIPT.body));
}
