import { describe, expect, it } from "vitest";
import { pairingCodeFrom } from "./pairing-code";

describe("pairingCodeFrom", () => {
  it("takes a typed code as it is, trimmed", () => {
    expect(pairingCodeFrom("  ABCD-1234 ")).toBe("ABCD-1234");
  });

  it("reads the code from an app link in the admin page's QR", () => {
    expect(pairingCodeFrom("https://shop.example/app/?pair=XY12ZQ")).toBe("XY12ZQ");
    expect(pairingCodeFrom("http://127.0.0.1:8787/app/pair?code=K9")).toBe("K9");
  });

  it("keeps a link without a code unchanged", () => {
    expect(pairingCodeFrom("https://shop.example/app/")).toBe("https://shop.example/app/");
  });
});
