import { describe, expect, it } from "vitest";
import { BlockedTarget, guardedLookup, isPrivateAddress } from "./outbound-guard";

describe("outbound requests", () => {
  it("tell private, loopback, link-local and reserved addresses from public ones", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.9",
      "192.168.1.20",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "not an address",
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
      expect(isPrivateAddress(address), address).toBe(false);
  });

  it("refuse a name that resolves to loopback at send time, unless private targets are allowed", async () => {
    const resolve = (allow: boolean) =>
      new Promise<string>((ok, fail) =>
        guardedLookup(allow)("localhost", { family: 4 }, (error, address) =>
          error ? fail(error) : ok(address as string),
        ),
      );
    await expect(resolve(false)).rejects.toBeInstanceOf(BlockedTarget);
    await expect(resolve(true)).resolves.toBe("127.0.0.1");
  });
});
