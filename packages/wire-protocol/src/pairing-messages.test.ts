import { parseWith } from "@stamp/core";
import { DEVICE, MERCHANT, makeProgram, PROGRAM } from "@stamp/core/testing";
import { describe, expect, it } from "vitest";
import { DeviceConfigSchema, PairAnswerSchema, PairRequestSchema } from "./pairing-messages";

const LOCATION = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b01";

/** A device config as the server sends it (JSON, so the program goes through the wire). */
const config = (over: Record<string, unknown> = {}) =>
  JSON.parse(
    JSON.stringify({
      deviceId: DEVICE,
      name: "Front till",
      mode: "staff",
      merchant: { id: MERCHANT, name: "Café" },
      location: { id: LOCATION, name: "Main street" },
      programs: [makeProgram()],
      joinLinks: { [PROGRAM]: "https://stamp.example/join/cafe" },
      jwks: { keys: [{ kty: "EC", crv: "P-256", x: "x", y: "y", kid: "k1" }] },
      staffPin: { salt: "c2FsdA", iterations: 100_000, hash: "aGFzaA" },
      serverTime: "2026-12-05T17:00:00.000Z",
      ...over,
    }),
  );

describe("pairing request", () => {
  it("takes a code, a name and a mode", () => {
    expect(
      parseWith(PairRequestSchema, { code: "ABCD-1234", name: "Till", mode: "kiosk" }).ok,
    ).toBe(true);
  });

  it("refuses an empty code, an unknown mode and unknown fields", () => {
    for (const body of [
      { code: "", name: "Till", mode: "kiosk" },
      { code: "ABCD", name: "Till", mode: "cashier" },
      { code: "ABCD", name: "Till", mode: "kiosk", admin: true },
      { code: "ABCD", name: "", mode: "kiosk" },
    ])
      expect(parseWith(PairRequestSchema, body).ok).toBe(false);
  });
});

describe("device config", () => {
  it("reads the server's config, join links included", () => {
    const parsed = parseWith(DeviceConfigSchema, config());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.programs[0]?.id).toBe(PROGRAM);
    expect(parsed.value.joinLinks).toEqual({ [PROGRAM]: "https://stamp.example/join/cafe" });
  });

  it("reads a server's config from before join links as none", () => {
    const { joinLinks: _, ...older } = config();
    const parsed = parseWith(DeviceConfigSchema, older);
    expect(parsed).toMatchObject({ ok: true, value: { joinLinks: {} } });
  });

  it("reads the rotating-barcode secrets, and a server's config from before them as none", () => {
    const key = Buffer.from(new Uint8Array(32).fill(5)).toString("base64url");
    const keys = [
      { kid: "new", key },
      { kid: "old", key },
    ];
    expect(parseWith(DeviceConfigSchema, config({ rotatingBarcodeKeys: keys }))).toMatchObject({
      ok: true,
      value: { rotatingBarcodeKeys: keys },
    });
    expect(parseWith(DeviceConfigSchema, config())).toMatchObject({
      ok: true,
      value: { rotatingBarcodeKeys: [] },
    });
    for (const bad of ["x", [{ kid: "k", key: "c2hvcnQ" }], [{ key }], [null]])
      expect(parseWith(DeviceConfigSchema, config({ rotatingBarcodeKeys: bad })).ok).toBe(false);
  });

  it("ignores fields a newer server adds", () => {
    expect(parseWith(DeviceConfigSchema, config({ somethingNew: 1 })).ok).toBe(true);
  });

  it("refuses a config a till could not work with", () => {
    for (const [over, path] of [
      [{ programs: [{ ...makeProgram(), goal: "ten" }] }, "programs.0.goal"],
      [{ staffPin: { salt: "c2FsdA", iterations: 0, hash: "aGFzaA" } }, "staffPin.iterations"],
      [{ joinLinks: { [PROGRAM]: "javascript:alert(1)" } }, `joinLinks.${PROGRAM}`],
      [{ merchant: null }, "merchant"],
      [{ jwks: {} }, "jwks.keys"],
    ] as const) {
      const parsed = parseWith(DeviceConfigSchema, config(over));
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.issues[0]?.path).toBe(path);
    }
  });

  it("needs the device token in the pairing answer", () => {
    expect(parseWith(PairAnswerSchema, config()).ok).toBe(false);
    expect(parseWith(PairAnswerSchema, config({ token: "t0k3n" })).ok).toBe(true);
  });
});
