import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("configuration from the environment", () => {
  it("listens on HTTPS 8443 too unless PUBLIC_URL is https or HTTPS_PORT is off", () => {
    expect(loadConfig({}).httpsPort).toBe(8443);
    expect(loadConfig({ HTTPS_PORT: "9443" }).httpsPort).toBe(9443);
    expect(loadConfig({ HTTPS_PORT: "off" }).httpsPort).toBeNull();
    expect(loadConfig({ PUBLIC_URL: "http://shop-pc.local:8787" }).httpsPort).toBe(8443);
    expect(loadConfig({ PUBLIC_URL: "https://stamp.example/" }).httpsPort).toBeNull();
  });

  it("trusts forwarded headers only from the proxies TRUST_PROXY lists", () => {
    expect(loadConfig({}).trustProxy).toBeNull();
    expect(loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8" }).trustProxy?.trusts("10.2.3.4")).toBe(
      true,
    );
  });

  it("selects PostgreSQL with a postgres DATABASE_URL, SQLite without one", () => {
    expect(loadConfig({}).databaseUrl).toBeNull();
    const url = "postgres://stamp:secret@db.internal:5432/stamp";
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(
      loadConfig({ DATABASE_URL: "postgresql:///stamp?host=/run/postgresql" }).databaseUrl,
    ).toBe("postgresql:///stamp?host=/run/postgresql");
    expect(() => loadConfig({ DATABASE_URL: "mysql://db/stamp" })).toThrow(/DATABASE_URL/);
  });

  it("says which setting is wrong, without a stack trace", () => {
    expect(() => loadConfig({ HTTPS_PORT: "seventy" })).toThrow(ConfigError);
    expect(() => loadConfig({ PUBLIC_URL: "shop-pc:8787" })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ TRUST_PROXY: "caddy" })).toThrow(ConfigError);
  });
});
