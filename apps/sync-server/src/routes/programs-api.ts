import { UUID_ANY } from "@stamp/core";
import { Hono } from "hono";
import * as v from "valibot";
import { ApiError, apiErrorResponse } from "../http/api-error";
import { type AuthEnv, authenticate, merchantOf } from "../http/authenticate";
import { readJson } from "../http/json-body";
import { rateLimited } from "../http/rate-limit";
import { translator } from "../i18n/translate";
import { logoJson, logoProblemText, uploadProgramLogo } from "../logos/program-logo";
import { saveProgram } from "../programs/save-program";
import type { AppServices } from "../services";

/** Programs for integrators and tests: the same JSON and checks as the admin editor (API.md § Programs). */
export function programRoutes(services: AppServices): Hono<AuthEnv> {
  const { store } = services;
  const app = new Hono<AuthEnv>()
    .get("/", authenticate(services, ["api-key"]), async (c) => {
      const merchantId = merchantOf(c.get("principal"));
      const records = await store.listPrograms(merchantId);
      return c.json({ programs: records.map((r) => r.program) });
    })
    .get("/:id", authenticate(services, ["api-key"]), async (c) => {
      const id = c.req.param("id");
      const merchantId = merchantOf(c.get("principal"));
      const record = UUID_ANY.test(id) ? await store.getProgram(merchantId, id) : null;
      if (!record) throw new ApiError("program-not-found", "no such program");
      return c.json(record.program);
    })
    .put("/:id", authenticate(services, ["api-key"]), async (c) => {
      const id = c.req.param("id");
      if (!UUID_ANY.test(id)) throw new ApiError("program-not-found", "no such program");
      const body = await readJson(c, v.unknown());
      const saved = await saveProgram(services, merchantOf(c.get("principal")), id, body);
      if (!saved.ok)
        return apiErrorResponse(
          c,
          new ApiError(saved.problem.code, saved.problem.message, saved.issues),
        );
      return c.json(saved.program);
    })
    .get("/:id/logo", authenticate(services, ["api-key"]), async (c) => {
      const record = await owned(c.req.param("id"), merchantOf(c.get("principal")));
      return c.json(logoJson(services, record.program, await store.programLogo(record.program.id)));
    })
    .put("/:id/logo", authenticate(services, ["api-key"]), async (c) => {
      const merchantId = merchantOf(c.get("principal"));
      const record = await owned(c.req.param("id"), merchantId);
      // The file is the body, whatever its Content-Type says: the type is read from its content.
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const upload = await uploadProgramLogo(services, merchantId, record.program.id, bytes);
      if (!upload.ok)
        throw upload.problem.code === "rate-limited"
          ? rateLimited({ ok: false, retryAfterMs: upload.problem.retryAfterMs })
          : new ApiError(upload.problem.code, logoProblemText(translator("en"), upload.problem));
      return answerLogo(merchantId, record.program.id, upload.change.kind === "changed");
    })
    .delete("/:id/logo", authenticate(services, ["api-key"]), async (c) => {
      const merchantId = merchantOf(c.get("principal"));
      const record = await owned(c.req.param("id"), merchantId);
      const change = await store.setProgramLogo(
        merchantId,
        record.program.id,
        null,
        services.now(),
      );
      return answerLogo(merchantId, record.program.id, change.kind === "changed");
    });
  return app;

  async function owned(id: string, merchantId: string) {
    const record = UUID_ANY.test(id) ? await store.getProgram(merchantId, id) : null;
    if (!record) throw new ApiError("program-not-found", "no such program");
    return record;
  }

  /** The logo as it is now, with the program's version after the change. */
  async function answerLogo(merchantId: string, programId: string, changed: boolean) {
    const record = await owned(programId, merchantId);
    const logo = await store.programLogo(programId);
    return Response.json({ ...logoJson(services, record.program, logo), changed });
  }
}
