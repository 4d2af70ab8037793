import { expect, it } from "vitest";
import { freshPostgresDatabase } from "../../../test/test-postgres";
import { pgPool } from "./pg-context";
import { withPgClient } from "./with-pg-client";

it("outlives an idle connection PostgreSQL ends: the next query gets a new one", async () => {
  const database = await freshPostgresDatabase();
  const pool = pgPool(database.url, 1);
  try {
    const backend = async () =>
      (await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
    const first = await backend();
    const gone = new Promise((resolve) => pool.once("remove", resolve));
    await withPgClient(database.url, (client) =>
      client.query("SELECT pg_terminate_backend($1)", [first]),
    );
    await gone;
    const second = await backend();
    expect(second).toEqual(expect.any(Number));
    expect(second).not.toBe(first);
  } finally {
    await pool.end();
    await database.drop();
  }
});
