import { Hono } from "hono";
import { STYLESHEET } from "../pages/stylesheet";

export function assetRoutes(): Hono {
  return new Hono().get(STYLESHEET.href, (c) =>
    c.body(STYLESHEET.css, 200, {
      "content-type": "text/css; charset=utf-8",
      "cache-control": "public, max-age=31536000, immutable",
    }),
  );
}
