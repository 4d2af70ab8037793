import { describe, expect, it } from "vitest";
import { limitKeyOfAddress } from "./client-key";

describe("per-address limit keys", () => {
  it("counts an IPv6 subscriber by its /64, however the address is written", () => {
    const keys = [
      "2001:db8:0:1::1",
      "2001:0db8:0000:0001:ffff:ffff:ffff:ffff",
      "2001:DB8:0:1:1234::",
      "2001:db8:0:1::ffff:10.0.0.1",
      "2001:db8:0:1::1%eth0",
    ].map(limitKeyOfAddress);
    expect(new Set(keys)).toEqual(new Set(["2001:db8:0:1::/64"]));
    expect(limitKeyOfAddress("2001:db8:0:2::1")).not.toBe(keys[0]);
  });

  it("keeps IPv4 addresses, also when mapped into IPv6", () => {
    expect(limitKeyOfAddress("192.0.2.7")).toBe("192.0.2.7");
    expect(limitKeyOfAddress("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(limitKeyOfAddress("unknown")).toBe("unknown");
  });
});
