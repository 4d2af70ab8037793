import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keyTag } from "@stamp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliApiKey, cliPairedTill } from "../test/first-start";
import { call, type Merchant, TestDevice } from "../test/fixtures";
import { type SpawnedServer, spawnServer, stampd, stampdAnswer } from "../test/spawn-server";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../test/test-postgres";
import { withPgClient } from "./storage/pg/with-pg-client";

// Two real `stampd serve` processes on one PostgreSQL database, each with its own DATA_DIR (a
// server claims its DATA_DIR): what one signs the other accepts, and limits hold across both.
const root = mkdtempSync(join(tmpdir(), "stamp-instances-"));
let database: TestPostgresDatabase;
let env: Record<string, string>;
const running: SpawnedServer[] = [];

beforeAll(async () => {
  database = await freshPostgresDatabase();
  env = { DATABASE_URL: database.url, SECRETS_KEY: randomBytes(32).toString("base64") };
});
afterAll(async () => {
  await Promise.all(running.map((server) => server.stop()));
  await database?.drop();
  rmSync(root, { recursive: true, force: true });
});

async function sealedSecrets(): Promise<{ name: string; sealed: string }[]> {
  return withPgClient(
    database.url,
    async (client) =>
      (await client.query("SELECT name, sealed FROM sealed_secrets ORDER BY name")).rows,
  );
}

const dataDir = (name: string) => join(root, name);

describe("several instances on one PostgreSQL database", () => {
  it("start together with one key set, and each accepts what the other signed", async () => {
    const [a, b] = await Promise.all([
      spawnServer(dataDir("a"), env),
      spawnServer(dataDir("b"), env),
    ]);
    running.push(a, b);
    // One of them seeded the empty database; the other found it seeded.
    const seeds = [a.summary.firstStart, b.summary.firstStart].filter((seed) => seed !== null);
    expect(seeds).toHaveLength(1);
    const seed = seeds[0];
    if (!seed) throw new Error("no seed");
    const merchant: Merchant = seed;
    const secrets = await sealedSecrets();
    expect(secrets.map((secret) => secret.name)).toEqual([
      `card-codes/${seed.merchantId}.json`,
      "device-token.key",
      "unsubscribe.key",
    ]);
    // Sealed: a JWE, no key material in the clear.
    for (const { sealed } of secrets) {
      expect(sealed.split(".")).toHaveLength(5);
      expect(sealed).not.toMatch(/"d"|"kid"/);
    }

    const cli = (args: string[]) => stampd(dataDir("a"), args, env);
    const [onA, apiKey] = await Promise.all([
      cliPairedTill(a, dataDir("a"), merchant, "Till", env),
      cliApiKey(dataDir("a"), merchant, env),
    ]);

    // A device token made by A works on B.
    const onB = new TestDevice(b, onA.deviceId, onA.token, merchant);
    const enrolled = await call(a, "POST", "/api/v1/cards", {
      token: apiKey,
      body: { programId: seed.programId },
    });
    expect(enrolled.status).toBe(201);
    const stamp = onB.stamp(enrolled.json.cardId);
    expect((await onB.sync([stamp])).json.accepted).toEqual([stamp.id]);

    // A card code signed on A verifies on B (a POS stamps the card by the code it scanned).
    const stampByCode = (server: SpawnedServer, code: string) =>
      call(server, "POST", "/api/v1/stamps", {
        token: apiKey,
        body: { card: code, count: 1 },
        headers: { "idempotency-key": randomUUID() },
      });
    const found = await stampByCode(b, enrolled.json.code);
    expect(found.status, found.text).toBe(200);
    expect(found.json).toMatchObject({ cardId: enrolled.json.cardId, stamps: 2 });

    // A key rotated by the CLI: the next card B makes is signed with it, and A accepts it at once.
    const rotated = (await cli(["rotate-card-key", "--merchant", seed.merchantId])).kid as string;
    const afterRotation = await call(b, "POST", "/api/v1/cards", {
      token: apiKey,
      body: { programId: seed.programId },
    });
    // A compact card code names its key by a two-character tag after its prefix (SPEC S2).
    expect((afterRotation.json.code as string).slice(2, 4)).toBe(keyTag(rotated));
    expect((await stampByCode(a, afterRotation.json.code)).json.cardId).toBe(
      afterRotation.json.cardId,
    );
    // Codes signed before the rotation keep working on both.
    expect((await stampByCode(a, enrolled.json.code)).status).toBe(200);
    expect((await stampByCode(b, enrolled.json.code)).json.stamps).toBe(4);
    // The device-token key, the merchant's card-code keys, its rotating-barcode secret (made
    // when the first pass of the merchant was drawn) and the unsubscribe-link key.
    expect((await sealedSecrets()).map((secret) => secret.name)).toEqual([
      `card-codes/${seed.merchantId}.json`,
      "device-token.key",
      `rotating-barcodes/${seed.merchantId}.json`,
      "unsubscribe.key",
    ]);
    // Two server starts and three CLI runs, each loading the TypeScript sources.
  }, 150_000);

  it("share the limits on guessing: pairing codes tried on A count on B", async () => {
    const [a, b] = running;
    if (!a || !b) throw new Error("the servers did not start");
    const guess = (server: SpawnedServer) =>
      call(server, "POST", "/api/v1/devices/pair", {
        body: { code: "ZZZZ-ZZZZ", name: "Till", mode: "staff" },
      });
    // Ten tries per address (one pairing above succeeded and was refunded), whichever instance.
    for (let i = 0; i < 10; i++) {
      const reply = await guess(i % 2 === 0 ? a : b);
      expect(reply.status, reply.text).not.toBe(429);
    }
    expect((await guess(b)).status).toBe(429);
    expect((await guess(a)).status).toBe(429);
  });

  it("refuse to start without SECRETS_KEY, or with another one, and say why", async () => {
    const { SECRETS_KEY: _, ...withoutKey } = env;
    const serve = (dir: string, environment: Record<string, string>) =>
      stampdAnswer(dataDir(dir), ["serve"], { PORT: "0", HTTPS_PORT: "off", ...environment });
    const [missing, another] = await Promise.all([
      serve("c", withoutKey),
      serve("d", { ...env, SECRETS_KEY: randomBytes(32).toString("base64") }),
    ]);
    expect(missing.exitCode).not.toBe(0);
    expect(missing.answer.error).toMatchObject({
      code: "config",
      message: expect.stringMatching(
        /SECRETS_KEY is required with DATABASE_URL.*openssl rand -base64 32/,
      ),
    });
    expect(another.exitCode).not.toBe(0);
    expect(another.answer.error).toMatchObject({
      code: "config",
      message: expect.stringMatching(/does not open with this SECRETS_KEY/),
    });
  }, 90_000);
});
