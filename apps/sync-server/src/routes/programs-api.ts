import { UUID_ANY } from "@stamp/core";
import { Hono } from "hono";
import * as v from "valibot";
import { ApiError, apiErrorResponse } from "../http/api-error";
import { type AuthEnv, authenticate, merchantOf } from "../http/authenticate";
import { readJson } from "../http/json-body";
import { saveProgram } from "../programs/save-program";
import type { AppServices } from "../services";

/** Programs for integrators and tests: the same JSON and checks as the admin editor (API.md § Programs). */
export function programRoutes(services: AppServices): Hono<AuthEnv> {
  const { store } = services;
  return new Hono<AuthEnv>()
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
    });
}
