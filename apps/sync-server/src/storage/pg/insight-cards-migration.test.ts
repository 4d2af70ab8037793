import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { insertMerchantWithProgram } from "../../../test/pg-rows-before";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../../../test/test-postgres";
import { TEST_SECRETS_KEY } from "../../../test/test-server";
import { MIGRATIONS } from "../migration-journal";
import { openPgStorage } from "./pg-storage";

const NOW = 1_700_000_000_000;
const MERCHANT = "0190a000-0000-4000-8000-000000000001";
/** The migration that moves insight_cards onto the cards' rows (found by what it does: renumbering leaves it). */
const migration = () =>
  readdirSync(MIGRATIONS.postgresql)
    .filter((name) => name.endsWith(".sql"))
    .map((name) => readFileSync(`${MIGRATIONS.postgresql}/${name}`, "utf8"))
    .find((sql) => sql.includes('DROP TABLE "insight_cards"')) as string;

/** The schema as migration 0030 left it: the rollup's own table, the cards without its columns. */
const BEFORE = [
  "DROP INDEX cards_insight_enrolled",
  `ALTER TABLE cards DROP COLUMN insight_enrolled_at, DROP COLUMN insight_location_id,
     DROP COLUMN insight_visits, DROP COLUMN insight_last_visit_at`,
  `CREATE TABLE insight_cards (card_id text PRIMARY KEY REFERENCES cards(id),
     merchant_id text NOT NULL REFERENCES merchants(id), location_id text NOT NULL,
     enrolled_at bigint, visits integer NOT NULL, last_visit_at bigint)`,
];

describe("PostgreSQL: the migration that folds insight_cards into cards (0031)", () => {
  let database: TestPostgresDatabase;
  afterAll(() => database?.drop());

  it("moves each card's rollup row onto the card, and cards without one start from nothing", async () => {
    database = await freshPostgresDatabase();
    await (await openPgStorage(database.url, { secretsKey: TEST_SECRETS_KEY })).close();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      for (const statement of BEFORE) await client.query(statement);
      await insertMerchantWithProgram(client, MERCHANT, NOW);
      for (const [i, id] of ["counted", "enrolment-not-logged", "uncounted"].entries())
        await client.query(
          `INSERT INTO cards (id, merchant_id, program_id, code, number, created_at, state, stamps,
             cycles, conflicts, updated_at) VALUES ($1, $2, $2, '', $3, $4, '{}', 0, 0, 0, $4)`,
          [id, MERCHANT, String(i), NOW],
        );
      await client.query(
        `INSERT INTO insight_cards VALUES ('counted', $1, 'north', $2, 3, $3),
           ('enrolment-not-logged', $1, '', NULL, 0, NULL)`,
        [MERCHANT, NOW - 5, NOW - 1],
      );
      for (const statement of migration().split("--> statement-breakpoint"))
        await client.query(statement);
      const { rows } = await client.query({
        text: `SELECT id, insight_enrolled_at::float8, insight_location_id, insight_visits,
                 insight_last_visit_at::float8 FROM cards ORDER BY id`,
        rowMode: "array",
      });
      expect(rows).toEqual([
        ["counted", NOW - 5, "north", 3, NOW - 1],
        ["enrolment-not-logged", null, "", 0, null],
        ["uncounted", null, "", 0, null],
      ]);
      const { rows: left } = await client.query("SELECT to_regclass('insight_cards') AS t");
      expect(left).toEqual([{ t: null }]);
    } finally {
      await client.end();
    }
  });
});
