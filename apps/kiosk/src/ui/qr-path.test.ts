import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from "@zxing/library";
import { describe, expect, it } from "vitest";
import { qrPath } from "./qr-path";

/** Reads a drawn QR path back, on white with the two-module quiet zone `QrCode` adds. */
function decode(qr: { size: number; path: string }): string {
  const scale = 4;
  const size = (qr.size + 4) * scale;
  const pixels = new Uint8ClampedArray(size * size).fill(255);
  for (const [, x, y] of qr.path.matchAll(/M(\d+) (\d+)h1v1h-1z/g))
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale; dx++)
        pixels[((Number(y) + 2) * scale + dy) * size + (Number(x) + 2) * scale + dx] = 0;
  const source = new RGBLuminanceSource(pixels, size, size);
  return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
}

describe("QR codes the till draws (card page, join link)", () => {
  it("read back as the text they were drawn from", async () => {
    for (const text of [
      "https://stamp.example/c/0193a1b2-0000-7000-8000-000000000001",
      "https://shop.test/join/0193a1b2-0000-7000-8000-00000000000a?lang=de",
    ])
      expect(decode(await qrPath(text))).toBe(text);
  });
});
