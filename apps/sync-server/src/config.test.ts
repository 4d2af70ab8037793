import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  DEFAULT_DATABASE_POOL_SIZE,
  DEFAULT_MAX_STREAM_SECONDS,
  loadConfig,
} from "./config";

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
    const SECRETS_KEY = randomBytes(32).toString("base64");
    expect(loadConfig({ DATABASE_URL: url, SECRETS_KEY }).databaseUrl).toBe(url);
    expect(
      loadConfig({ DATABASE_URL: "postgresql:///stamp?host=/run/postgresql", SECRETS_KEY })
        .databaseUrl,
    ).toBe("postgresql:///stamp?host=/run/postgresql");
    expect(() => loadConfig({ DATABASE_URL: "mysql://db/stamp" })).toThrow(/DATABASE_URL/);
  });

  it("needs a SECRETS_KEY of 32 bytes on PostgreSQL, and says how to make one", () => {
    const url = "postgres://stamp:secret@db.internal:5432/stamp";
    expect(() => loadConfig({ DATABASE_URL: url })).toThrow(
      /SECRETS_KEY is required with DATABASE_URL.*openssl rand -base64 32/,
    );
    expect(() => loadConfig({ DATABASE_URL: url, SECRETS_KEY: "hunter2" })).toThrow(
      /32 random bytes in base64.*openssl rand -base64 32/,
    );
    const key = randomBytes(32);
    for (const text of [key.toString("base64"), key.toString("base64url")])
      expect(loadConfig({ DATABASE_URL: url, SECRETS_KEY: text }).secretsKey).toEqual(
        new Uint8Array(key),
      );
    // SQLite keeps its keys in DATA_DIR: no SECRETS_KEY needed.
    expect(loadConfig({}).secretsKey).toBeNull();
  });

  it("hashes admin passwords at scrypt N = 2^15 unless PASSWORD_HASH_COST says otherwise", () => {
    expect(loadConfig({}).passwordHashCost).toBe(15);
    expect(loadConfig({ PASSWORD_HASH_COST: "12" }).passwordHashCost).toBe(12);
    for (const cost of ["9", "18", "15.5", "high"])
      expect(() => loadConfig({ PASSWORD_HASH_COST: cost })).toThrow(/PASSWORD_HASH_COST/);
  });

  it("makes staff PIN verifiers at scrypt N = 2^14 unless PIN_HASH_COST says otherwise", () => {
    expect(loadConfig({}).pinHashCost).toBe(14);
    expect(loadConfig({ PIN_HASH_COST: "10" }).pinHashCost).toBe(10);
    for (const cost of ["9", "18", "14.5", "high"])
      expect(() => loadConfig({ PIN_HASH_COST: cost })).toThrow(/PIN_HASH_COST/);
  });

  it("streams held pulls for up to 300 s unless MAX_STREAM_SECONDS says otherwise (0: never)", () => {
    expect(loadConfig({}).maxStreamSeconds).toBe(DEFAULT_MAX_STREAM_SECONDS);
    expect(loadConfig({ MAX_STREAM_SECONDS: "0" }).maxStreamSeconds).toBe(0);
    expect(loadConfig({ MAX_STREAM_SECONDS: "60" }).maxStreamSeconds).toBe(60);
    for (const seconds of ["-1", "2.5", "3601", "soon"])
      expect(() => loadConfig({ MAX_STREAM_SECONDS: seconds })).toThrow(/MAX_STREAM_SECONDS/);
  });

  it("keeps DEFAULT_DATABASE_POOL_SIZE PostgreSQL connections unless DATABASE_POOL_SIZE says otherwise", () => {
    expect(loadConfig({}).databasePoolSize).toBe(DEFAULT_DATABASE_POOL_SIZE);
    expect(loadConfig({ DATABASE_POOL_SIZE: "4" }).databasePoolSize).toBe(4);
    for (const size of ["0", "-2", "2.5", "501", "many"])
      expect(() => loadConfig({ DATABASE_POOL_SIZE: size })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it("says which setting is wrong, without a stack trace", () => {
    expect(() => loadConfig({ HTTPS_PORT: "seventy" })).toThrow(ConfigError);
    expect(() => loadConfig({ PUBLIC_URL: "shop-pc:8787" })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ TRUST_PROXY: "caddy" })).toThrow(ConfigError);
  });
});
