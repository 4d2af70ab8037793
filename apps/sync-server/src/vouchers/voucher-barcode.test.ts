import { webcrypto } from "node:crypto";
import {
  importCardCodeSigner,
  type SubtleLike,
  signVoucherScanCode,
  voucherCode,
} from "@stamp/core";
import { cardIdFor, PROGRAM } from "@stamp/core/testing";
import { describe, expect, it } from "vitest";
import { barcodeSvg } from "./voucher-barcode";

const subtle = webcrypto.subtle as unknown as SubtleLike;

/** bwip-js draws 2 units per module at scale 1 (plus our 4-unit quiet zone on each side). */
function qrModules(svg: string): number {
  const width = Number(/viewBox="0 0 (\d+) /.exec(svg)?.[1]);
  return (width - 2 * 4 * 2) / 2 / 2;
}

describe("voucher barcodes", () => {
  it("S6: a voucher scan code fits a QR code of 41×41 modules at error correction M", async () => {
    const pair = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
    ]);
    const jwk = { ...(await webcrypto.subtle.exportKey("jwk", pair.privateKey)), kid: "k1" };
    const signer = await importCardCodeSigner(jwk as never, subtle);
    const code = await signVoucherScanCode(
      { voucherId: `${cardIdFor(7)}:12`, programId: PROGRAM },
      signer,
      subtle,
    );
    expect(qrModules(await barcodeSvg("qr", code))).toBeLessThanOrEqual(41);
  });

  it("R5: draws Code 128 and EAN-13 codes as SVG with their text", async () => {
    const code128 = await barcodeSvg("code128", "K7M2QX9A");
    expect(code128).toMatch(/^<svg viewBox="[^"]+" xmlns="http:\/\/www.w3.org\/2000\/svg">/);
    const ean = voucherCode(
      PROGRAM,
      {
        kind: "voucher",
        title: "10% off",
        redemption: { method: "code", format: "ean13", code: { kind: "generated" } },
      },
      `${cardIdFor(7)}:1`,
    );
    expect(await barcodeSvg("ean13", ean as string)).toContain("<path");
    await expect(barcodeSvg("ean13", "123")).rejects.toThrow();
  });
});
