import { PairRequestSchema } from "@stamp/wire-protocol";
import { Hono } from "hono";
import { deviceConfig } from "../devices/device-config";
import { pairDevice } from "../devices/pair-device";
import { ApiError } from "../http/api-error";
import { type AuthEnv, authenticate } from "../http/authenticate";
import { readJson } from "../http/json-body";
import { limitFailuresByAddress } from "../http/rate-limit";
import type { Services } from "../services";

const PAIRING_ERRORS = {
  unknown: ["pairing-code-unknown", "no such pairing code; check for typos"],
  used: ["pairing-code-used", "this pairing code was already used; make a new one"],
  expired: ["pairing-code-expired", "this pairing code has expired; make a new one"],
} as const;

export function deviceRoutes(services: Services): Hono<AuthEnv> {
  return new Hono<AuthEnv>()
    .post("/pair", limitFailuresByAddress(services.limits.pairing, services.now), async (c) => {
      const request = await readJson(c, PairRequestSchema);
      const pairing = await pairDevice(services, request);
      if (!pairing.ok) {
        const [code, message] = PAIRING_ERRORS[pairing.reason];
        throw new ApiError(code, message);
      }
      return c.json(pairing.config, 201);
    })
    .get("/me", authenticate(services, ["device"]), async (c) => {
      const principal = c.get("principal");
      if (principal.kind !== "device") throw new Error("device route reached without a device");
      return c.json(await deviceConfig(services, principal.device));
    });
}
