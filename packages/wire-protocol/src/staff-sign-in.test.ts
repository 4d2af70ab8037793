import { scrypt as nodeScrypt, randomBytes } from "node:crypto";
import { scryptAsync } from "@noble/hashes/scrypt.js";
import { parseWith } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { DeviceConfigSchema } from "./pairing-messages";
import { eventsForPeer, STAFF_PROTOCOL } from "./staff-events";
import {
  checkPinVerifier,
  makePinVerifier,
  NO_STAFF_SIGN_IN,
  PIN_HASH_COSTS,
  PIN_SCRYPT,
  PinVerifierSchema,
  type Scrypt,
} from "./staff-sign-in";

const node: Scrypt = (password, salt, { N, r, p, dkLen }) =>
  new Promise((resolve, reject) =>
    nodeScrypt(password, salt, dkLen, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(new Uint8Array(key)),
    ),
  );
const noble: Scrypt = (password, salt, params) => scryptAsync(password, salt, params);

describe("personal staff PINs", () => {
  it("a verifier made by the server (Node's scrypt) checks at the till (noble's scrypt)", async () => {
    const verifier = await makePinVerifier("4821", randomBytes(16), node);
    expect(verifier).toMatchObject({ kdf: "scrypt", ...PIN_SCRYPT });
    expect(parseWith(PinVerifierSchema, verifier).ok).toBe(true);
    expect(await checkPinVerifier("4821", verifier, noble)).toBe(true);
    expect(await checkPinVerifier("4822", verifier, noble)).toBe(false);
    expect(await checkPinVerifier("4821", verifier, node)).toBe(true);
  });

  it("salts per staff member: the same PIN makes different verifiers", async () => {
    const a = await makePinVerifier("123456", randomBytes(16), node);
    const b = await makePinVerifier("123456", randomBytes(16), node);
    expect(a.hash).not.toBe(b.hash);
  });

  it("takes 4 to 6 digits only", async () => {
    for (const bad of ["123", "1234567", "12a4", " 1234"])
      await expect(makePinVerifier(bad, randomBytes(16), node)).rejects.toThrow(/4 to 6 digits/);
    const verifier = await makePinVerifier("0000", randomBytes(16), node);
    expect(await checkPinVerifier("0000 ", verifier, node)).toBe(false);
  });

  it("makes a verifier at the cost asked for, which carries it: it checks whatever the cost is now", async () => {
    const cheap = await makePinVerifier("4821", randomBytes(16), node, PIN_HASH_COSTS.min);
    expect(cheap).toMatchObject({ N: 2 ** PIN_HASH_COSTS.min, r: PIN_SCRYPT.r, p: PIN_SCRYPT.p });
    expect(await checkPinVerifier("4821", cheap, noble)).toBe(true);
    expect(await checkPinVerifier("4822", cheap, noble)).toBe(false);
    for (const cost of [PIN_HASH_COSTS.min - 1, PIN_HASH_COSTS.max + 1, 12.5])
      await expect(makePinVerifier("4821", randomBytes(16), node, cost)).rejects.toThrow(/cost/);
  });

  it("refuses verifiers that would ask a till for too much work or memory", () => {
    const base = { kdf: "scrypt", r: 8, p: 1, salt: "c2FsdA", hash: "aGFzaA" };
    expect(parseWith(PinVerifierSchema, { ...base, N: 2 ** 21 }).ok).toBe(false);
    expect(parseWith(PinVerifierSchema, { ...base, N: 3000 }).ok).toBe(false);
    expect(parseWith(PinVerifierSchema, { ...base, N: 2 ** 14, r: 64 }).ok).toBe(false);
  });
});

describe("device config: staff", () => {
  const config = {
    deviceId: "d",
    name: "Till",
    mode: "staff",
    merchant: { id: "m", name: "M" },
    location: { id: "l", name: "L" },
    programs: [],
    jwks: { keys: [] },
    staffPin: { salt: "c2FsdA", iterations: 1, hash: "aGFzaA" },
    serverTime: "2026-12-05T20:00:00.000Z",
  };

  it("a server from before staff PINs: no staff, no sign-in required", () => {
    const parsed = parseWith(DeviceConfigSchema, config);
    expect(parsed.ok && parsed.value.staff).toEqual([]);
    expect(parsed.ok && parsed.value.staffSignIn).toEqual(NO_STAFF_SIGN_IN);
  });

  it("reads the staff list and the location's sign-in setting; refuses a bad idle time", () => {
    const pin = { kdf: "scrypt", N: 16384, r: 8, p: 1, salt: "c2FsdA", hash: "aGFzaA" };
    const staff = [{ id: "s1", name: "Anna", pin }];
    const parsed = parseWith(DeviceConfigSchema, {
      ...config,
      staff,
      staffSignIn: { required: true, idleMinutes: 10 },
    });
    expect(parsed.ok && parsed.value.staff).toEqual(staff);
    const bad = parseWith(DeviceConfigSchema, {
      ...config,
      staffSignIn: { required: true, idleMinutes: 0 },
    });
    expect(bad.ok).toBe(false);
  });
});

describe("pulled events for older kiosks", () => {
  const redeemed = JSON.stringify({ cardId: "c", staffId: "s", type: "voucher.redeemed" });
  const added = JSON.stringify({ cardId: "c", staffId: "s", type: "stamps.added" });
  const plain = JSON.stringify({ cardId: "c", type: "voucher.redeemed" });

  it("leaves staffId out of events an older kiosk would refuse, keeps it on stamps.added", () => {
    expect(eventsForPeer(2, [redeemed, added, plain])).toEqual([
      JSON.stringify({ cardId: "c", type: "voucher.redeemed" }),
      added,
      plain,
    ]);
  });

  it("gives kiosks that read staff their staffId", () => {
    const bodies = [redeemed, added];
    expect(eventsForPeer(STAFF_PROTOCOL, bodies)).toEqual(bodies);
  });
});
