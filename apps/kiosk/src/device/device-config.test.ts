import { describe, expect, it } from "vitest";
import { MERCHANT, makeProgram } from "../testing/fixtures";
import { parseServerConfig, rotatingSecretsOf } from "./device-config";

const KEY = Buffer.from(new Uint8Array(32).fill(5)).toString("base64url");

const answer = (extra: Record<string, unknown> = {}) => ({
  deviceId: "8f0e2c11-7d0e-4c8e-8a9f-5b6c7d8e9f03",
  name: "Till",
  mode: "kiosk",
  merchant: { id: MERCHANT, name: "Demo Coffee" },
  location: { id: "8f0e2c11-7d0e-4c8e-8a9f-5b6c7d8e9f04", name: "Counter" },
  programs: [makeProgram()],
  jwks: { keys: [] },
  staffPin: { salt: "c2FsdA", iterations: 1000, hash: "aGFzaA" },
  serverTime: "2026-12-05T17:00:00.000Z",
  ...extra,
});

describe("device config: rotating-barcode secrets (stamp-core SPEC K10)", () => {
  it("keeps the secrets the server sends, the current one first", () => {
    const parsed = parseServerConfig(
      answer({
        rotatingBarcodeKeys: [
          { kid: "new", key: KEY },
          { kid: "old", key: KEY },
        ],
      }),
    );
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.config.rotatingBarcodeKeys?.map((k) => k.kid)).toEqual(["new", "old"]);
    expect(rotatingSecretsOf(parsed.config)).toEqual([
      new Uint8Array(32).fill(5),
      new Uint8Array(32).fill(5),
    ]);
  });

  it("a server from before them sends none: the till checks still codes only", () => {
    const parsed = parseServerConfig(answer());
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(rotatingSecretsOf(parsed.config)).toEqual([]);
  });

  it("refuses a config whose secrets are not keys, rather than store it", () => {
    for (const bad of ["x", [{ kid: "k", key: "short" }], [{ key: KEY }], [null]])
      expect(parseServerConfig(answer({ rotatingBarcodeKeys: bad })).ok).toBe(false);
  });
});
