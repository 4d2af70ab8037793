import { Hono } from "hono";
import { ApiError } from "../http/api-error";
import { type AuthEnv, authenticate } from "../http/authenticate";
import { readJson } from "../http/json-body";
import type { Services } from "../services";
import { SyncRequestSchema, syncBatch, syncResultJson } from "../sync/sync-batch";

export function syncRoutes(services: Services): Hono<AuthEnv> {
  return new Hono<AuthEnv>().post("/", authenticate(services, ["device"]), async (c) => {
    const principal = c.get("principal");
    if (principal.kind !== "device") throw new Error("device route reached without a device");
    const request = await readJson(c, SyncRequestSchema);
    const sync = await syncBatch(services, principal.device, request);
    if (!sync.ok)
      throw new ApiError(
        "cursor-ahead",
        `cursor ${request.cursor} is past this server's last event (${sync.maxSeq}); sync again with cursor null`,
      );
    return c.body(syncResultJson(sync.result), 200, { "content-type": "application/json" });
  });
}
