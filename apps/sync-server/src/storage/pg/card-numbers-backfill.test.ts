import { cardNumberFor } from "@stamp/core";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { idsSharingANumber } from "../../../test/card-number-collision";
import { insertMerchantWithProgram } from "../../../test/pg-rows-before";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../../../test/test-postgres";
import { TEST_SECRETS_KEY } from "../../../test/test-server";
import { openPgStorage } from "./pg-storage";

const NOW = 1_700_000_000_000;
const MERCHANT = "0190a000-0000-4000-8000-000000000001";

describe("PostgreSQL: cards stored before numbers (migration 0004)", () => {
  let database: TestPostgresDatabase;
  afterAll(() => database?.drop());

  it("are numbered when the server opens the database, oldest first, once (SPEC N3)", async () => {
    database = await freshPostgresDatabase();
    const open = () => openPgStorage(database.url, { secretsKey: TEST_SECRETS_KEY });
    await (await open()).close();
    // Rows as a server before the migration left them: no number.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const [older, younger] = idsSharingANumber();
    try {
      await insertMerchantWithProgram(client, MERCHANT, NOW);
      for (const [i, id] of [older, younger].entries())
        await client.query(
          "INSERT INTO cards (id, merchant_id, program_id, code, created_at, state, stamps, cycles, conflicts, updated_at) VALUES ($1, $2, $2, '', $3, '{}', 0, 0, 0, $4)",
          [id, MERCHANT, NOW + i, NOW],
        );
      const numbers = async () => {
        await (await open()).close();
        return (await client.query("SELECT id, number FROM cards ORDER BY created_at")).rows;
      };
      const expected = [
        { id: older, number: cardNumberFor(older) },
        { id: younger, number: cardNumberFor(younger, 1) },
      ];
      expect(await numbers()).toEqual(expected);
      // Opening again changes nothing.
      expect(await numbers()).toEqual(expected);
    } finally {
      await client.end();
    }
  });
});
