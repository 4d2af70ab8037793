import { PKPASS_CONTENT_TYPE } from "@stamp/pass-builder";
import { Hono } from "hono";
import type { AppServices } from "../services";

const PKPASS = /^([0-9a-f-]{36})\.pkpass$/;
const LOGO = /^([0-9a-f-]{36})-(\d+)(-wide)?\.png$/;

/** Apple passes to download (the card page links here) and the program logos Google fetches. */
export function passRoutes(services: AppServices): Hono {
  const { passes, store } = services.wallet;
  return new Hono()
    .get("/logos/:file", async (c) => {
      const match = LOGO.exec(c.req.param("file"));
      const found = match ? await store.findProgram(match[1] as string) : null;
      if (!found) return c.text("Not found", 404);
      const picture = await passes.logoPng(found.program, match?.[3] ? "wide" : "square");
      if (!picture) return c.text("Not found", 404);
      const headers = {
        // The version is in the name: a new design or logo is a new URL. A day, then revalidated.
        "cache-control": "public, max-age=86400",
        etag: picture.etag,
      };
      const known = c.req.header("if-none-match")?.split(/\s*,\s*/) ?? [];
      if (known.includes(picture.etag) || known.includes(`W/${picture.etag}`))
        return c.body(null, 304, headers);
      return c.body(new Uint8Array(picture.png), 200, { ...headers, "content-type": "image/png" });
    })
    .get("/:file", async (c) => {
      const match = PKPASS.exec(c.req.param("file"));
      const built = match
        ? await passes.applePass(match[1] as string)
        : ({ kind: "not-found" } as const);
      switch (built.kind) {
        case "not-found":
          return c.text("Not found", 404);
        case "pass":
          return c.body(new Uint8Array(built.pkpass), 200, {
            "content-type": PKPASS_CONTENT_TYPE,
            "content-disposition": 'attachment; filename="stamp-card.pkpass"',
            "last-modified": new Date(built.pass.updatedAt).toUTCString(),
            "cache-control": "no-store",
          });
        default: {
          const unreachable: never = built;
          throw new Error(`unknown pass ${JSON.stringify(unreachable)}`);
        }
      }
    });
}
