import { describe, expect, it } from "vitest";
import { ProxyTrust } from "./proxy-trust";

describe("TRUST_PROXY", () => {
  const trust = new ProxyTrust(["loopback", "10.0.0.0/8"]);

  it("believes only the listed proxies", () => {
    expect(trust.trusts("127.0.0.1")).toBe(true);
    expect(trust.trusts("::ffff:127.0.0.1")).toBe(true);
    expect(trust.trusts("::1")).toBe(true);
    expect(trust.trusts("10.1.2.3")).toBe(true);
    expect(trust.trusts("192.168.1.5")).toBe(false);
  });

  it("reads X-Forwarded-For from the right, skipping trusted hops", () => {
    expect(trust.clientAddress("127.0.0.1", "203.0.113.7")).toBe("203.0.113.7");
    // A client that sends its own X-Forwarded-For cannot pick its address: the proxy appends.
    expect(trust.clientAddress("127.0.0.1", "1.2.3.4, 203.0.113.7, 10.0.0.2")).toBe("203.0.113.7");
    expect(trust.clientAddress("127.0.0.1", "garbage, 203.0.113.7")).toBe("203.0.113.7");
    expect(trust.clientAddress("127.0.0.1", "203.0.113.7, garbage")).toBe("127.0.0.1");
  });

  it("ignores forwarded headers from anyone else", () => {
    expect(trust.clientAddress("192.168.1.5", "203.0.113.7")).toBe("192.168.1.5");
  });

  it("refuses entries that are not addresses or subnets", () => {
    expect(() => new ProxyTrust(["caddy"])).toThrow(/TRUST_PROXY/);
    expect(() => new ProxyTrust(["10.0.0.0/33"])).toThrow(/prefix/);
    expect(() => new ProxyTrust(["10.0.0.0/8/1"])).toThrow(/TRUST_PROXY/);
  });
});
