import { randomUUID } from "node:crypto";
import type { Program } from "@stamp/core";
import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import type { AdminEnv } from "../admin/admin-session";
import type { EditorValues } from "../admin/pages/editor-values";
import { ProgramEditor } from "../admin/pages/program-editor";
import { ProgramsPage } from "../admin/pages/programs-page";
import { programFormValues, programFromForm, withServerMadeIds } from "../admin/program-form";
import { adminActor, recordAudit } from "../audit/audit-log";
import { SVG_CONTENT_SECURITY_POLICY } from "../http/response-headers";
import { sendPage } from "../pages/document";
import { defaultProgram } from "../programs/default-program";
import { uniqueSlug } from "../programs/program-slug";
import { randomToken } from "../secrets/random-token";
import type { AppServices } from "../services";
import type { ProgramRecord } from "../storage/store";
import { ProgramWalletPanel, passPreviewSvg } from "../wallet/pages/program-wallet-panel";
import { field, form, notice, tr, UUID } from "./admin-kit";

/** A program version as the editor form carries it: a whole number from 1, not too big to count. */
const VERSION = /^[1-9][0-9]{0,14}$/;

const SERVER_MADE = {
  seed: () => randomToken(18),
  prizeId: () => `prize-${randomUUID().slice(0, 8)}`,
};

/**
 * `/admin/programs`: the list and the editor. Saving stays on the editor and says "Saved"; the
 * lottery's seed and prize ids are made here, never typed.
 */
export function adminProgramRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const app = new Hono<AdminEnv>();

  app.get("/programs", async (c) => {
    const admin = c.get("admin");
    const programs = await store.listPrograms(admin.merchantId);
    return sendPage(
      c,
      <ProgramsPage tr={tr} admin={admin} programs={programs} notice={notice(c)} />,
    );
  });

  const editor = (
    c: Context<AdminEnv>,
    props: {
      title: string;
      action: string;
      values: EditorValues;
      expectedVersion: number | null;
      /** What the preview draws until the page's script redraws it: the saved or template program. */
      drawn: Program;
      wallet?: Child;
      saved?: string | undefined;
    },
    failure?: {
      errors?: ReadonlyMap<string, string>;
      problem?: string;
    },
  ) => {
    const { drawn, ...editorProps } = props;
    const admin = c.get("admin");
    return sendPage(
      c,
      <ProgramEditor
        tr={tr}
        admin={admin}
        preview={passPreviewSvg(drawn, admin.merchantName)}
        {...editorProps}
        {...failure}
      />,
      failure ? 422 : 200,
      "own",
    );
  };

  const walletPanel = (c: Context<AdminEnv>, record: ProgramRecord) => (
    <ProgramWalletPanel
      tr={tr}
      program={record.program}
      merchantName={c.get("admin").merchantName}
      joinUrl={`${services.publicUrl}/join/${record.slug}`}
    />
  );

  const newProps = (c: Context<AdminEnv>, values: EditorValues) => ({
    title: tr.t("editor.titleNew"),
    action: "/admin/programs",
    values,
    expectedVersion: null,
    drawn: defaultProgram(c.get("admin").merchantId),
  });

  app.get("/programs/new", (c) => {
    const template = defaultProgram(c.get("admin").merchantId);
    return editor(c, newProps(c, programFormValues({ ...template, name: "" })));
  });

  // The live preview: the form as it is now, drawn as the pass front; nothing is saved.
  app.post("/programs/preview", async (c) => {
    const admin = c.get("admin");
    const fields = withServerMadeIds(await form(c), SERVER_MADE);
    const parsed = programFromForm(fields, {
      id: randomUUID(),
      merchantId: admin.merchantId,
      version: 1,
    });
    if (!parsed.ok) return c.body(null, 422);
    return c.body(passPreviewSvg(parsed.program, admin.merchantName), 200, {
      "content-type": "image/svg+xml; charset=utf-8",
      "content-security-policy": SVG_CONTENT_SECURITY_POLICY,
      "cache-control": "no-store",
    });
  });

  app.post("/programs", async (c) => {
    const admin = c.get("admin");
    const fields = withServerMadeIds(await form(c), SERVER_MADE);
    if (field(fields, "_preview") === "chances") return editor(c, newProps(c, fields));
    const parsed = programFromForm(fields, {
      id: randomUUID(),
      merchantId: admin.merchantId,
      version: 1,
    });
    if (!parsed.ok) return editor(c, newProps(c, fields), { errors: parsed.errors });
    const now = services.now();
    const slug = await uniqueSlug(store, `${admin.merchantName} ${parsed.program.name}`);
    await store.createProgram({ program: parsed.program, slug, createdAt: now, updatedAt: now });
    await recordAudit(services, adminActor(admin), "program.created", parsed.program.id, {
      name: parsed.program.name,
    });
    return c.redirect(`/admin/programs/${parsed.program.id}?notice=created`, 303);
  });

  app.get("/programs/:id", async (c) => {
    const id = c.req.param("id");
    const record = UUID.test(id) ? await store.getProgram(c.get("admin").merchantId, id) : null;
    if (!record) return c.notFound();
    return editor(c, {
      title: tr.t("editor.titleEdit", { name: record.program.name }),
      action: `/admin/programs/${id}`,
      values: programFormValues(record.program),
      expectedVersion: record.program.version,
      drawn: record.program,
      wallet: walletPanel(c, record),
      saved: notice(c),
    });
  });

  app.post("/programs/:id", async (c) => {
    const admin = c.get("admin");
    const id = c.req.param("id");
    const record = UUID.test(id) ? await store.getProgram(admin.merchantId, id) : null;
    if (!record) return c.notFound();
    const fields = withServerMadeIds(await form(c), SERVER_MADE);
    // The version the form was loaded at decides whether someone saved in between: a form without a
    // readable one is refused rather than saved over whatever is there now.
    const version = field(fields, "_version");
    const expected = VERSION.test(version) ? Number(version) : null;
    const props = {
      title: tr.t("editor.titleEdit", { name: record.program.name }),
      action: `/admin/programs/${id}`,
      values: fields,
      expectedVersion: expected ?? record.program.version,
      drawn: record.program,
      wallet: walletPanel(c, record),
    };
    // "Show the chances": the same form again with each prize's share, nothing saved.
    if (field(fields, "_preview") === "chances") return editor(c, props);
    if (expected === null) return editor(c, props, { problem: tr.t("programs.noVersion") });
    const parsed = programFromForm(fields, {
      id,
      merchantId: admin.merchantId,
      version: props.expectedVersion + 1,
    });
    if (!parsed.ok) return editor(c, props, { errors: parsed.errors });
    const saved = await store.updateProgram(parsed.program, props.expectedVersion, services.now());
    if (!saved) return editor(c, props, { problem: tr.t("programs.stale") });
    await recordAudit(services, adminActor(admin), "program.updated", id, {
      version: parsed.program.version,
    });
    return c.redirect(`/admin/programs/${id}?notice=saved`, 303);
  });

  return app;
}
