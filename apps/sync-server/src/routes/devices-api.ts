import { NON_EMPTY_TEXT } from "@stamp/core";
import { Hono } from "hono";
import * as v from "valibot";
import { deviceConfig } from "../devices/device-config";
import { DEVICE_MODES, pairDevice } from "../devices/pair-device";
import { ApiError } from "../http/api-error";
import { type AuthEnv, authenticate } from "../http/authenticate";
import { readJson } from "../http/json-body";
import { limitFailuresByAddress } from "../http/rate-limit";
import type { Services } from "../services";

export const PairRequest = v.strictObject({
  code: v.pipe(v.string(), v.minLength(1, "must not be empty"), v.maxLength(32, "is too long")),
  name: NON_EMPTY_TEXT(60),
  mode: v.picklist(DEVICE_MODES, `must be one of ${DEVICE_MODES.join(", ")}`),
});

const PAIRING_ERRORS = {
  unknown: ["pairing-code-unknown", "no such pairing code; check for typos"],
  used: ["pairing-code-used", "this pairing code was already used; make a new one"],
  expired: ["pairing-code-expired", "this pairing code has expired; make a new one"],
} as const;

export function deviceRoutes(services: Services): Hono<AuthEnv> {
  return new Hono<AuthEnv>()
    .post("/pair", limitFailuresByAddress(services.limits.pairing, services.now), async (c) => {
      const request = await readJson(c, PairRequest);
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
