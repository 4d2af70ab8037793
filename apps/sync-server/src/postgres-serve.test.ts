import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliApiKey, cliPairedTill, firstStartMerchant } from "../test/first-start";
import { call, TestDevice } from "../test/fixtures";
import { type SpawnedServer, spawnServer, stampd, stampdAnswer } from "../test/spawn-server";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../test/test-postgres";

const dataDir = mkdtempSync(join(tmpdir(), "stamp-pg-serve-"));
let database: TestPostgresDatabase;
let running: SpawnedServer | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  database = await freshPostgresDatabase();
  env = { DATABASE_URL: database.url, SECRETS_KEY: randomBytes(32).toString("base64") };
});
afterAll(async () => {
  await running?.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("stampd on PostgreSQL (DATABASE_URL)", () => {
  it("migrates, serves, and keeps every event across a restart; the CLI works on the same database", async () => {
    expect(await stampd(dataDir, ["migrate"], env)).toMatchObject({ database: "postgresql" });
    const first = await spawnServer(dataDir, env);
    running = first;
    const merchant = firstStartMerchant(first);
    expect((await call(first, "GET", "/readyz")).json).toEqual({ ok: true });
    // Nothing went to SQLite: DATA_DIR holds no database.
    expect((await stampdAnswer(dataDir, ["backup"], env)).answer).toMatchObject({
      error: { code: "backup-unsupported" },
    });

    const [till, key] = await Promise.all([
      cliPairedTill(first, dataDir, merchant, "Till", env),
      cliApiKey(dataDir, merchant, env),
    ]);
    const enrolled = await call(first, "POST", "/api/v1/cards", {
      token: key,
      body: { programId: merchant.programId },
    });
    const cardId = enrolled.json.cardId as string;
    const stamps = [till.stamp(cardId), till.stamp(cardId, 2)];
    expect((await till.sync(stamps)).json.accepted).toEqual(stamps.map((s) => s.id));

    await first.stop();
    // A stop (SIGTERM) that closed cleanly: code 0, which systemd does not restart.
    expect(first.child.exitCode).toBe(0);
    const second = await spawnServer(dataDir, env);
    running = second;
    expect(second.summary.firstStart).toBeNull();
    const target = { url: second.url };
    const again = new TestDevice(target, till.deviceId, till.token, merchant);
    again.cursor = till.cursor;
    const resent = await again.sync(stamps);
    expect(resent.json).toMatchObject({ accepted: [], duplicates: stamps.map((s) => s.id) });
    const card = await call(target, "GET", `/api/v1/cards/${cardId}`, { token: key });
    expect(card.json).toMatchObject({ stamps: 3, lifetimeStamps: 3 });

    const refused = await stampdAnswer(dataDir, ["restore", "--from", "any.db"], env);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.answer).toMatchObject({ error: { code: "restore-unsupported" } });
    await second.stop();
    // After a pg_restore: the database gets a new history, so every till starts over.
    expect(await stampd(dataDir, ["restored"], env)).toMatchObject({ ok: true, merchants: 1 });
    // Two server starts and six CLI runs, each a process: ~10 s apiece at load 15.
  }, 180_000);
});
