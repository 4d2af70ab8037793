import { randomUUID } from "node:crypto";
import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import type { AdminEnv } from "../admin/admin-session";
import { type EditorValues, ProgramEditor } from "../admin/pages/program-editor";
import { ProgramsPage } from "../admin/pages/programs-page";
import { programFormValues, programFromForm } from "../admin/program-form";
import { adminActor, recordAudit } from "../audit/audit-log";
import { sendPage } from "../pages/document";
import { defaultProgram } from "../programs/default-program";
import { uniqueSlug } from "../programs/program-slug";
import { randomToken } from "../secrets/random-token";
import type { AppServices } from "../services";
import type { ProgramRecord } from "../storage/store";
import { ProgramWalletPanel } from "../wallet/pages/program-wallet-panel";
import { field, form, notice, tr, UUID } from "./admin-kit";

/** A program version as the editor form carries it: a whole number from 1, not too big to count. */
const VERSION = /^[1-9][0-9]{0,14}$/;

/** `/admin/programs`: the list and the editor (a new version per save, refused when stale). */
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
      wallet?: Child;
    },
    failure?: {
      errors?: ReadonlyMap<string, string>;
      issues?: readonly { path: string; message: string }[];
      problem?: string;
    },
  ) =>
    sendPage(
      c,
      <ProgramEditor tr={tr} admin={c.get("admin")} {...props} {...failure} />,
      failure ? 422 : 200,
    );

  const walletPanel = (c: Context<AdminEnv>, record: ProgramRecord) => (
    <ProgramWalletPanel
      tr={tr}
      program={record.program}
      merchantName={c.get("admin").merchantName}
      joinUrl={`${services.publicUrl}/join/${record.slug}`}
    />
  );

  const newProps = (values: EditorValues) => ({
    title: tr.t("editor.titleNew"),
    action: "/admin/programs",
    values,
    expectedVersion: null,
  });

  app.get("/programs/new", (c) => {
    const template = defaultProgram(c.get("admin").merchantId);
    return editor(
      c,
      newProps({ ...programFormValues({ ...template, name: "" }), "reward.seed": randomToken(18) }),
    );
  });

  app.post("/programs", async (c) => {
    const admin = c.get("admin");
    const fields = await form(c);
    if (field(fields, "_preview") === "chances") return editor(c, newProps(fields));
    const parsed = programFromForm(fields, {
      id: randomUUID(),
      merchantId: admin.merchantId,
      version: 1,
    });
    if (!parsed.ok)
      return editor(c, newProps(fields), { errors: parsed.errors, issues: parsed.issues });
    const now = services.now();
    const slug = await uniqueSlug(store, `${admin.merchantName} ${parsed.program.name}`);
    await store.createProgram({ program: parsed.program, slug, createdAt: now, updatedAt: now });
    await recordAudit(services, adminActor(admin), "program.created", parsed.program.id, {
      name: parsed.program.name,
    });
    return c.redirect("/admin/programs?notice=created", 303);
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
      wallet: walletPanel(c, record),
    });
  });

  app.post("/programs/:id", async (c) => {
    const admin = c.get("admin");
    const id = c.req.param("id");
    const record = UUID.test(id) ? await store.getProgram(admin.merchantId, id) : null;
    if (!record) return c.notFound();
    const fields = await form(c);
    // The version the form was loaded at decides whether someone saved in between: a form without a
    // readable one is refused rather than saved over whatever is there now.
    const version = field(fields, "_version");
    const expected = VERSION.test(version) ? Number(version) : null;
    const props = {
      title: tr.t("editor.titleEdit", { name: record.program.name }),
      action: `/admin/programs/${id}`,
      values: fields,
      expectedVersion: expected ?? record.program.version,
    };
    // "Show the chances": the same form again with each prize's share, nothing saved.
    if (field(fields, "_preview") === "chances") return editor(c, props);
    if (expected === null) return editor(c, props, { problem: tr.t("programs.noVersion") });
    const parsed = programFromForm(fields, {
      id,
      merchantId: admin.merchantId,
      version: props.expectedVersion + 1,
    });
    if (!parsed.ok) return editor(c, props, { errors: parsed.errors, issues: parsed.issues });
    const saved = await store.updateProgram(parsed.program, props.expectedVersion, services.now());
    if (!saved) return editor(c, props, { problem: tr.t("programs.stale") });
    await recordAudit(services, adminActor(admin), "program.updated", id, {
      version: parsed.program.version,
    });
    return c.redirect("/admin/programs?notice=saved", 303);
  });

  return app;
}
