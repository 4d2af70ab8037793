import { describe, expect, it } from "vitest";
import { defaultBindAddress } from "./bind-address";
import { loadConfig } from "./config";

describe("default bind address", () => {
  it("listens on every interface when tablets on the shop's network must reach the server", () => {
    expect(defaultBindAddress(null)).toBe("0.0.0.0");
    expect(loadConfig({}).host).toBe("0.0.0.0");
    expect(loadConfig({ PUBLIC_URL: "http://192.168.1.20:8787" }).host).toBe("0.0.0.0");
  });

  it("listens on loopback only behind a proxy on a public host, unless HOST says otherwise", () => {
    expect(loadConfig({ PUBLIC_URL: "https://stamp.example" }).host).toBe("127.0.0.1");
    expect(loadConfig({ PUBLIC_URL: "https://stamp.example", HOST: "0.0.0.0" }).host).toBe(
      "0.0.0.0",
    );
    expect(loadConfig({ HOST: "10.0.0.5" }).host).toBe("10.0.0.5");
  });
});
