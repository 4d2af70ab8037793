import { PKPASS_CONTENT_TYPE } from "@stamp/pass-builder";
import { type Context, Hono } from "hono";
import { clientKey } from "../http/client-key";
import { takeToken } from "../http/rate-limit";
import { sameToken } from "../secrets/same-token";
import type { AppServices } from "../services";
import {
  formatPassUpdateTag,
  parsePassUpdateTag,
  passesChangedSince,
} from "../wallet/pass-update-tag";

const SERIAL = /^[0-9a-f-]{36}$/;
/** Apple's device library ids and push tokens are hex/alphanumeric; bound them anyway. */
const DEVICE = /^[A-Za-z0-9._-]{1,128}$/;
const PUSH_TOKEN = /^[A-Za-z0-9]{1,200}$/;

/**
 * Apple's PassKit web service, mounted at the passes' `webServiceURL` (`PUBLIC_URL/wallet`).
 * Answers exactly as the protocol documents: 201/200/401 on register, 200/204 on the update list,
 * 200 with Last-Modified / 304 / 401 on the latest pass, 200/401 on unregister, 200 on log; a pass
 * type id other than ours is 404.
 */
export function walletWebServiceRoutes(services: AppServices): Hono {
  const { store, passes, config } = services.wallet;
  const logger = services.logger.child({ module: "passkit" });
  const { limits } = services;

  /** The pass when the request carries its `ApplePass` token; null means 401. */
  const authorized = async (c: Context, serial: string) => {
    if (!SERIAL.test(serial)) return null;
    const header = c.req.header("authorization") ?? "";
    if (!header.startsWith("ApplePass ")) return null;
    const pass = await store.getPass(serial);
    return pass && sameToken(header.slice("ApplePass ".length).trim(), pass.authToken)
      ? pass
      : null;
  };
  const ours = (passTypeId: string) => passTypeId === config.passTypeId;

  return new Hono()
    .post("/v1/devices/:device/registrations/:passType/:serial", async (c) => {
      const { device, passType, serial } = c.req.param();
      if (!ours(passType)) return c.body(null, 404);
      await takeToken(limits.walletService, clientKey(c), services.now());
      if (!(await authorized(c, serial))) return c.body(null, 401);
      await takeToken(limits.passRegistration, serial, services.now());
      const body = (await c.req.json().catch(() => null)) as { pushToken?: unknown } | null;
      const pushToken = body?.pushToken;
      if (!DEVICE.test(device) || typeof pushToken !== "string" || !PUSH_TOKEN.test(pushToken))
        return c.body(null, 400);
      const result = await store.register({
        deviceLibraryId: device,
        passTypeId: passType,
        cardId: serial,
        pushToken,
        createdAt: services.now(),
      });
      return c.body(null, result === "created" ? 201 : 200);
    })
    .delete("/v1/devices/:device/registrations/:passType/:serial", async (c) => {
      const { device, passType, serial } = c.req.param();
      if (!ours(passType)) return c.body(null, 404);
      await takeToken(limits.walletService, clientKey(c), services.now());
      if (!(await authorized(c, serial))) return c.body(null, 401);
      // Wallet unregisters when the pass is deleted or its automatic updates switched off: the
      // last device gone, the till tells the customer to add the card again.
      if (await store.unregister(device, passType, serial))
        await store.markUpdatesLost(serial, services.now());
      return c.body(null, 200);
    })
    .get("/v1/devices/:device/registrations/:passType", async (c) => {
      const { device, passType } = c.req.param();
      if (!ours(passType)) return c.body(null, 404);
      const since = parsePassUpdateTag(c.req.query("passesUpdatedSince"), services.logEpoch);
      const updated = passesChangedSince(await store.registeredPasses(device, passType), since);
      if (!updated) return c.body(null, 204);
      return c.json({
        serialNumbers: updated.serials,
        lastUpdated: formatPassUpdateTag(updated.tag, services.logEpoch),
      });
    })
    .get("/v1/passes/:passType/:serial", async (c) => {
      const { passType, serial } = c.req.param();
      if (!ours(passType)) return c.body(null, 404);
      const pass = await authorized(c, serial);
      if (!pass) return c.body(null, 401);
      const lastModified = new Date(pass.updatedAt).toUTCString();
      const since = Date.parse(c.req.header("if-modified-since") ?? "");
      // HTTP dates have whole seconds, and versions are at least a second apart.
      if (!Number.isNaN(since) && Math.floor(pass.updatedAt / 1000) * 1000 <= since) {
        // The phone holds this version: it still takes the card's updates.
        await store.markPassFetched(serial, pass.updateSeq, services.now());
        return c.body(null, 304, { "last-modified": lastModified });
      }
      const source = await passes.source(serial);
      if (!source) return c.body(null, 401);
      const pkpass = await passes.buildApple(source);
      await store.markPassFetched(serial, source.pass.updateSeq, services.now());
      // The campaign report counts the passes fetched after their message was queued.
      await services.store.campaignFetched(serial, services.now());
      return c.body(new Uint8Array(pkpass), 200, {
        "content-type": PKPASS_CONTENT_TYPE,
        "last-modified": new Date(source.pass.updatedAt).toUTCString(),
        "cache-control": "no-cache",
      });
    })
    .post("/v1/log", async (c) => {
      await takeToken(limits.walletService, clientKey(c), services.now());
      const body = (await c.req.json().catch(() => null)) as { logs?: unknown } | null;
      const logs = Array.isArray(body?.logs) ? body.logs.slice(0, 100) : [];
      for (const line of logs) logger.warn({ wallet: String(line).slice(0, 2000) }, "Wallet log");
      return c.body(null, 200);
    });
}
