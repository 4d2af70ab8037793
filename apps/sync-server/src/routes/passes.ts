import { PKPASS_CONTENT_TYPE } from "@stamp/pass-builder";
import { Hono } from "hono";
import type { AppServices } from "../services";

const PKPASS = /^([0-9a-f-]{36})\.pkpass$/;
const LOGO = /^([0-9a-f-]{36})-(\d+)\.png$/;

/** Apple passes to download (the card page links here) and the program logos Google fetches. */
export function passRoutes(services: AppServices): Hono {
  const { passes, store } = services.wallet;
  return new Hono()
    .get("/logos/:file", async (c) => {
      const match = LOGO.exec(c.req.param("file"));
      const found = match ? await store.findProgram(match[1] as string) : null;
      if (!found) return c.text("Not found", 404);
      const png = passes.logoPng(found.program);
      return c.body(new Uint8Array(png), 200, {
        "content-type": "image/png",
        // The version is in the name: a new design is a new URL.
        "cache-control": "public, max-age=86400",
      });
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
