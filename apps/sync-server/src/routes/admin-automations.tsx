import { randomUUID } from "node:crypto";
import { type Context, Hono } from "hono";
import { type AdminEnv, requireAdmin } from "../admin/admin-session";
import { type AutomationPanel, AutomationsPage } from "../admin/pages/automations-page";
import { draftOfRule, readAutomation } from "../automations/automation-form";
import { AUTOMATION_KINDS, isAutomationKind } from "../automations/automation-rule";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import type { ProgramRecord } from "../storage/store";
import { passLocales } from "../wallet/program-design";
import { forgery, form, queriedProgram, tr } from "./admin-kit";

/** Sends each automation's log shows. */
const LOG_LENGTH = 20;

/**
 * `/admin/automations?program=…` (owners and managers): the programme's birthday, win-back and
 * reminder messages, each switched on or paused with its message and settings, and whom it reached.
 */
export function adminAutomationRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const guard = requireAdmin(services, forgery);
  const programOf = (c: Context<AdminEnv>) => queriedProgram(store, c);
  const show = async (
    c: Context<AdminEnv>,
    program: ProgramRecord,
    edited: Partial<AutomationPanel> & Pick<AutomationPanel, "kind">,
    status: 200 | 422 = 200,
  ) => {
    const { merchantId } = c.get("admin");
    const saved = await store.listAutomations(merchantId, program.program.id);
    const panels = await Promise.all(
      AUTOMATION_KINDS.map(async (kind): Promise<AutomationPanel> => {
        const automation = saved.find((a) => a.rule.kind === kind) ?? null;
        return {
          kind,
          draft: draftOfRule(kind, automation),
          errors: {},
          sends: automation
            ? await store.listAutomationSends(merchantId, automation.id, LOG_LENGTH)
            : [],
          ...(edited.kind === kind ? edited : {}),
        };
      }),
    );
    const notice = c.req.query("notice") === "saved" ? tr.t("automations.saved") : undefined;
    return sendPage(
      c,
      <AutomationsPage
        tr={tr}
        admin={c.get("admin")}
        program={program}
        panels={panels}
        notice={notice}
      />,
      status,
    );
  };
  return new Hono<AdminEnv>()
    .use("/automations", guard)
    .use("/automations/*", guard)
    .get("/automations", async (c) => {
      const program = await programOf(c);
      if (!program) return c.notFound();
      return show(c, program, { kind: "birthday" });
    })
    .post("/automations/:kind", async (c) => {
      const program = await programOf(c);
      const kind = c.req.param("kind");
      if (!program || !isAutomationKind(kind)) return c.notFound();
      const admin = c.get("admin");
      const read = readAutomation(kind, await form(c), passLocales(program.program));
      if (!read.ok) return show(c, program, { kind, draft: read.draft, errors: read.errors }, 422);
      const now = services.now();
      await store.saveAutomation({
        id: randomUUID(),
        merchantId: admin.merchantId,
        programId: program.program.id,
        rule: read.rule,
        enabled: read.enabled,
        message: read.message,
        updatedAt: now,
        nextRunAt: now,
      });
      return c.redirect(
        `/admin/automations?program=${program.program.id}&notice=saved#${kind}`,
        303,
      );
    });
}
