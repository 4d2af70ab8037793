import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getTableName } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, call, enroll, type Merchant, TestDevice } from "../../test/fixtures";
import { stampdAnswer } from "../../test/spawn-server";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../../test/test-postgres";
import {
  seededServer,
  startServerOn,
  TEST_SECRETS_KEY,
  type TestServer,
} from "../../test/test-server";
import type { RunningServer } from "../server";
import { tablesInReferenceOrder } from "./migrate-to-postgres";
import { withPgClient } from "./pg/with-pg-client";

const dataDir = mkdtempSync(join(tmpdir(), "stamp-migrate-"));
/**
 * Each `stampd` run loads the TypeScript sources afresh (~2.5 s of CPU): on a shared machine under
 * load one took 15 s, so tests that run it two or three times get room like the other CLI tests.
 */
const CLI_RUNS = 120_000;
/** The key the PostgreSQL test servers open the database's secrets with. */
const SECRETS_KEY = Buffer.from(TEST_SECRETS_KEY).toString("base64");
let database: TestPostgresDatabase;
let running: RunningServer | undefined;

afterAll(async () => {
  await running?.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** What a shop's SQLite install holds after some trading: a till, cards, stamps, a revoke, receipts. */
async function trade(server: TestServer) {
  const key = await apiKey(server, server.seed);
  const till = await TestDevice.pair(server);
  const cards = await Promise.all([1, 2, 3].map(() => enroll(server, key, server.seed.programId)));
  const stamps = cards.flatMap((card, i) =>
    Array.from({ length: i + 2 }, () => till.stamp(card.cardId)),
  );
  const first = stamps[0];
  if (!first) throw new Error("no stamps");
  const firstCard = (cards[0] as { cardId: string }).cardId;
  await till.sync(stamps);
  await till.sync([till.event("stamps.revoked", firstCard, { targetId: first.id })]);
  const receipt = await call(server, "POST", "/api/v1/receipts", {
    token: key,
    body: { count: 2 },
  });
  const claimed = await fetch(`${server.url}/r/${receipt.json.token}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ card: (cards[2] as { code: string }).code }).toString(),
  });
  expect(claimed.status).toBe(200);
  await till.sync(); // pulls the receipt's stamps: the till is up to date before the move
  const answers = await Promise.all(
    cards.map((card) => call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key })),
  );
  return { key, till, cards, stamps, answers: answers.map((a) => withoutLinks(a.json)) };
}

/** A card's answer without its links, which name the server's address (a new port here). */
function withoutLinks(card: Record<string, unknown>) {
  const { links: _on_this_port, ...rest } = card;
  return rest;
}

describe("stampd migrate-to-postgres", () => {
  let before: Awaited<ReturnType<typeof trade>>;
  let merchant: Merchant;

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    const lite = seededServer(await startServerOn(dataDir), dataDir);
    merchant = lite.seed;
    before = await trade(lite);
    await lite.close();
  });

  it("orders tables so every reference is inserted before the rows pointing at it", () => {
    const names = tablesInReferenceOrder().map(getTableName);
    expect(names.indexOf("merchants")).toBeLessThan(names.indexOf("cards"));
    expect(names.indexOf("cards")).toBeLessThan(names.indexOf("events"));
    expect(names.indexOf("devices")).toBeLessThan(names.indexOf("events"));
    expect(new Set(names).size).toBe(names.length);
  });

  it(
    "leaves the database empty when a check fails, before or after the commit",
    async () => {
      // A database that changes rows as they go in (triggers here): the copy must not stay.
      const tampering = await freshPostgresDatabase();
      try {
        const env = { DATABASE_URL: tampering.url, SECRETS_KEY };
        expect((await stampdAnswer(dataDir, ["migrate"], env)).exitCode).toBe(0);
        const sql = (text: string) =>
          withPgClient(tampering.url, (client) => client.query(text)).then(() => undefined);
        const attempt = async () => {
          const answer = await stampdAnswer(
            dataDir,
            ["migrate-to-postgres", "--from", dataDir],
            env,
          );
          const left = await withPgClient(tampering.url, async (client) => {
            const counted = await Promise.all(
              ["merchants", "cards", "events", "receipts"].map(async (table) =>
                Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n),
              ),
            );
            return counted.reduce((sum, n) => sum + n, 0);
          });
          const keys = await withPgClient(tampering.url, (client) =>
            client.query<{ name: string }>("SELECT name FROM sealed_secrets"),
          );
          return {
            exitCode: answer.exitCode,
            error: answer.answer.error as { code: string; message: string } | undefined,
            rowsLeft: left,
            // The device-token key the first `stampd migrate` made stays; no copied key is left.
            keys: keys.rows.map(({ name }) => name),
          };
        };
        await sql(`CREATE FUNCTION skip_row() RETURNS trigger AS $$ BEGIN RETURN NULL; END $$
        LANGUAGE plpgsql`);
        await sql(
          "CREATE TRIGGER lose_receipts BEFORE INSERT ON receipts FOR EACH ROW EXECUTE FUNCTION skip_row()",
        );
        expect(await attempt()).toMatchObject({
          exitCode: 1,
          error: { code: "counts-differ" },
          rowsLeft: 0,
          keys: ["device-token.key"],
        });

        await sql("DROP TRIGGER lose_receipts ON receipts");
        await sql(`CREATE FUNCTION change_code() RETURNS trigger AS $$
        BEGIN NEW.code := NEW.code || 'X'; RETURN NEW; END $$ LANGUAGE plpgsql`);
        await sql(
          "CREATE TRIGGER change_codes BEFORE INSERT ON cards FOR EACH ROW EXECUTE FUNCTION change_code()",
        );
        const afterCommit = await attempt();
        expect(afterCommit).toMatchObject({
          exitCode: 1,
          error: { code: "card-differs" },
          rowsLeft: 0,
          keys: ["device-token.key"],
        });
        expect(afterCommit.error?.message).toContain("the database is empty");

        // The cause fixed, the same database takes the copy.
        await sql("DROP TRIGGER change_codes ON cards");
        const copied = await stampdAnswer(dataDir, ["migrate-to-postgres", "--from", dataDir], env);
        expect(copied.answer).toMatchObject({ ok: true, cardsVerified: 3 });
      } finally {
        await tampering.drop();
      }
    },
    CLI_RUNS,
  );

  it(
    "copies every row, verifies counts and card states, and tills carry on with their cursors",
    async () => {
      const env = { DATABASE_URL: database.url, SECRETS_KEY };
      // An operator who tried the empty database first: it got a device-token key of its own,
      // which the install's key replaces.
      expect((await stampdAnswer(dataDir, ["migrate"], env)).exitCode).toBe(0);
      const copied = await stampdAnswer(dataDir, ["migrate-to-postgres", "--from", dataDir], env);
      expect(copied.exitCode).toBe(0);
      // The device-token and unsubscribe-link keys, the merchant's card-code keys and
      // rotating-barcode secrets (made when the till was paired: its config carries them).
      expect(copied.answer).toMatchObject({ ok: true, cardsVerified: 3, secretsCopied: 4 });
      const tables = copied.answer.tables as Record<string, number>;
      // 2 + 3 + 4 stamps from the till, its revoke, the receipt's server-made stamps.
      expect(tables.events).toBeGreaterThanOrEqual(11);
      expect(tables.cards).toBe(3);
      expect(tables.receipts).toBe(1);
      // Analyzed as copied: the first plans on the copy are made with its statistics.
      const unanalyzed = await withPgClient(database.url, async (client) =>
        (
          await client.query(
            `SELECT relname FROM pg_stat_user_tables
             WHERE relname IN ('cards', 'events', 'scope_log') AND last_analyze IS NULL`,
          )
        ).rows.map((row) => row.relname),
      );
      expect(unanalyzed).toEqual([]);

      const again = await stampdAnswer(dataDir, ["migrate-to-postgres", "--from", dataDir], env);
      expect(again.exitCode).not.toBe(0);
      expect(again.answer).toMatchObject({ error: { code: "target-not-empty" } });

      // The same DATA_DIR's keys, now on PostgreSQL: the till is still paired, its cursor valid.
      running = await startServerOn(dataDir, { databaseUrl: database.url });
      const till = new TestDevice(running, before.till.deviceId, before.till.token, merchant);
      till.cursor = before.till.cursor;
      const resent = await till.sync(before.stamps);
      expect(resent.status).toBe(200);
      expect(resent.json).toMatchObject({ accepted: [], events: [] });
      expect(resent.json.duplicates).toHaveLength(before.stamps.length);
      for (const [i, card] of before.cards.entries()) {
        const answer = await call(running, "GET", `/api/v1/cards/${card.cardId}`, {
          token: before.key,
        });
        expect(withoutLinks(answer.json)).toEqual(before.answers[i]);
      }
      const next = till.stamp((before.cards[0] as { cardId: string }).cardId);
      expect((await till.sync([next])).json.accepted).toEqual([next.id]);
    },
    CLI_RUNS,
  );

  it(
    "refuses while a server uses the folder, and without DATABASE_URL",
    async () => {
      const refused = await stampdAnswer(dataDir, ["migrate-to-postgres", "--from", dataDir], {
        DATABASE_URL: database.url,
        SECRETS_KEY,
      });
      expect(refused.answer).toMatchObject({ error: { code: "server-running" } });
      const noUrl = await stampdAnswer(dataDir, ["migrate-to-postgres", "--from", dataDir]);
      expect(noUrl.answer).toMatchObject({ error: { code: "database-url-required" } });
    },
    CLI_RUNS,
  );
});
