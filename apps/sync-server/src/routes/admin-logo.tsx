import type { Program } from "@stamp/core";
import { type Context, Hono } from "hono";
import { type AdminEnv, requireAdmin } from "../admin/admin-session";
import { LogoPage, type LogoPreview } from "../admin/pages/logo-page";
import { logoMakesIcon, renditionSize } from "../logos/logo-image";
import { logoProblemText, uploadProgramLogo } from "../logos/program-logo";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import type { StoredLogo } from "../storage/logo-store";
import { forgery, tr, UUID } from "./admin-kit";

const DONE = { saved: "logo.saved", unchanged: "logo.unchanged", removed: "logo.removed" } as const;

/**
 * `/admin/programs/:id/logo`: upload (multipart, CSRF-checked by requireAdmin), preview at pass
 * size, removal. Managers and owners (roleAllows: programs). A refused file leaves the logo as it was.
 */
export function adminLogoRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const app = new Hono<AdminEnv>();
  app.use("/programs/:id/logo", requireAdmin(services, forgery));
  app.use("/programs/:id/logo/*", requireAdmin(services, forgery));

  const previewOf = async (
    program: Program,
    logo: StoredLogo | null,
  ): Promise<LogoPreview | null> => {
    if (!logo) return null;
    const png = logo.renditions.logo[2];
    const { width, height } = await renditionSize(png);
    return {
      pass: { png, width: width / 3, height: height / 3 },
      icon: logoMakesIcon(logo)
        ? logo.renditions.icon[2]
        : services.wallet.passes.drawnIcon(program),
      iconKept: !logoMakesIcon(logo),
      square: logo.renditions.square,
    };
  };

  const program = async (c: Context<AdminEnv>) => {
    const id = c.req.param("id") ?? "";
    return UUID.test(id) ? store.getProgram(c.get("admin").merchantId, id) : null;
  };
  const page = async (c: Context<AdminEnv>, error?: string) => {
    const record = await program(c);
    if (!record) return c.notFound();
    const done = c.req.query("done");
    const notice = done && done in DONE ? tr.t(DONE[done as keyof typeof DONE]) : undefined;
    return sendPage(
      c,
      <LogoPage
        tr={tr}
        admin={c.get("admin")}
        program={record.program}
        preview={await previewOf(record.program, await store.programLogo(record.program.id))}
        notice={error ? undefined : notice}
        error={error}
      />,
      error ? 422 : 200,
    );
  };

  app.get("/programs/:id/logo", (c) => page(c));

  app.post("/programs/:id/logo", async (c) => {
    const record = await program(c);
    if (!record) return c.notFound();
    const body = await c.req.parseBody();
    const file = body.logo;
    const bytes =
      file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    const upload = await uploadProgramLogo(
      services,
      c.get("admin").merchantId,
      record.program.id,
      bytes,
    );
    if (!upload.ok) return page(c, logoProblemText(tr, upload.problem));
    if (upload.change.kind === "not-found") return c.notFound();
    return c.redirect(
      `/admin/programs/${record.program.id}/logo?done=${upload.change.kind === "changed" ? "saved" : "unchanged"}`,
      303,
    );
  });

  app.post("/programs/:id/logo/remove", async (c) => {
    const record = await program(c);
    if (!record) return c.notFound();
    const change = await store.setProgramLogo(
      c.get("admin").merchantId,
      record.program.id,
      null,
      services.now(),
    );
    if (change.kind === "not-found") return c.notFound();
    return c.redirect(`/admin/programs/${record.program.id}/logo?done=removed`, 303);
  });

  return app;
}
