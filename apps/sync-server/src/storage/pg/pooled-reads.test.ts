import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freshPostgresDatabase } from "../../../test/test-postgres";
import { pgPool } from "./pg-context";
import { pooledReads } from "./pooled-reads";
import { withPgClient } from "./with-pg-client";

// `pooledReads` (`PgContext.read`, `gather`): reads that wait for a connection are sent together on the next one, identical
// ones as one query, gathered ones (`gather`) as one query of all their items; a read already sent
// is never joined. Each query run takes the next number of a sequence, so what a caller got
// says which query answered it.

describe("pooledReads", () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  beforeAll(async () => {
    database = await freshPostgresDatabase();
    await withPgClient(database.url, (client) => client.query("CREATE SEQUENCE runs"));
  });
  afterAll(async () => {
    await database.drop();
  });

  const NEXT = "SELECT nextval('runs')::int AS run, $1::text AS asked";
  const runs = (rows: readonly { run: number }[]) => rows.map((row) => row.run);

  it("sends identical reads waiting for a connection once, and others on their own", async () => {
    const pool = pgPool(database.url, 1);
    const context = pooledReads(pool);
    try {
      const busy = await pool.connect();
      const same = Array.from({ length: 5 }, () =>
        context.read<{ run: number }>("next", NEXT, ["a"]),
      );
      const other = context.read<{ run: number }>("next", NEXT, ["b"]);
      busy.release();
      const answers = await Promise.all(same);
      const first = answers[0] as readonly { run: number }[];
      for (const answer of answers) expect(answer).toBe(first);
      expect(runs(await other)).not.toEqual(runs(first));
      // Answered, so no longer waiting: the next caller reads anew.
      expect(runs(await context.read("next", NEXT, ["a"]))).not.toEqual(runs(first));
    } finally {
      await pool.end();
    }
  });

  it("sends the reads waiting for a connection together on one, each failing on its own", async () => {
    const pool = pgPool(database.url, 2);
    const context = pooledReads(pool);
    const BACKEND = "SELECT pg_backend_pid() AS pid, 1 / $1::int AS one";
    try {
      const busy = [await pool.connect(), await pool.connect()];
      const reads = [1, 1, 0, 1].map((divisor, i) =>
        context.read<{ pid: number }>(`backend-${i}`, BACKEND, [divisor]),
      );
      for (const client of busy) client.release();
      const [failed, ...answered] = [reads[2], ...reads.filter((_, i) => i !== 2)];
      await expect(failed).rejects.toThrow(/division by zero/);
      const pids = new Set((await Promise.all(answered)).map((rows) => rows[0]?.pid));
      // Each on a connection of its own, they would have taken both as they were released.
      expect(pids.size).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it("sends the reads waiting for a connection in one socket write", async () => {
    const pool = pgPool(database.url, 1);
    const context = pooledReads(pool);
    try {
      const busy = await pool.connect();
      // The socket's own writes (node's stream calls `_write` for one chunk, `_writev` for many).
      const socket = (busy as unknown as pg.Client).connection.stream as unknown as {
        _write: (...args: unknown[]) => unknown;
        _writev: (...args: unknown[]) => unknown;
      };
      const writes = [vi.spyOn(socket, "_write"), vi.spyOn(socket, "_writev")];
      const reads = ["a", "b", "c"].map((asked) =>
        context.read<{ run: number }>("next", NEXT, [asked]),
      );
      busy.release();
      expect(new Set((await Promise.all(reads)).flatMap(runs)).size).toBe(3);
      expect(writes.reduce((sum, write) => sum + write.mock.calls.length, 0)).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it("gathers the items of reads waiting for a connection into one query, each caller its own rows", async () => {
    const pool = pgPool(database.url, 1);
    const context = pooledReads(pool);
    // Each item asked for, with the run of the query that answered it.
    const EACH = `SELECT nextval('runs')::int AS run, asked AS item, $1::text AS shared
      FROM unnest($2::text[]) AS asked`;
    type Each = { run: number; item: string; shared: string };
    try {
      const busy = await pool.connect();
      const gathered = ["a", "b", "a", "c"].map((item) =>
        context.gather<Each>("each", EACH, ["x"], item),
      );
      const apart = context.gather<Each>("each", EACH, ["y"], "a");
      busy.release();
      const answers = await Promise.all(gathered);
      expect(answers.map((rows) => rows.map((row) => row.item))).toEqual([
        ["a"],
        ["b"],
        ["a"],
        ["c"],
      ]);
      // One query (its rows numbered one after another), each item once in it.
      const numbers = answers.flat().map((row) => row.run);
      expect(Math.max(...numbers) - Math.min(...numbers)).toBe(2);
      const [other] = await apart;
      expect(other?.shared).toBe("y");
      expect(numbers).not.toContain(other?.run);
      // Answered, so no longer waiting: the next caller is a query of its own.
      const [again] = await context.gather<Each>("each", EACH, ["x"], "a");
      expect(numbers).not.toContain(again?.run);
    } finally {
      await pool.end();
    }
  });

  it("never joins a read that was sent: its snapshot may predate the caller", async () => {
    const pool = pgPool(database.url, 2);
    const context = pooledReads(pool);
    // The read is held inside PostgreSQL (behind a lock another connection holds) once sent.
    const blocked = `SELECT nextval('runs')::int AS run, $1::text AS asked
      FROM pg_advisory_xact_lock_shared(7) AS held`;
    try {
      await withPgClient(database.url, async (holder) => {
        await holder.query("SELECT pg_advisory_lock(7)");
        const sent = context.read<{ run: number }>("blocked", blocked, ["a"]);
        // Until PostgreSQL says the first read waits on the lock: it has been sent.
        for (;;) {
          const { rows } = await holder.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock_shared%'`,
          );
          if (rows[0]?.n === 1) break;
        }
        const later = context.read<{ run: number }>("blocked", blocked, ["a"]);
        await holder.query("SELECT pg_advisory_unlock(7)");
        expect(runs(await later)).not.toEqual(runs(await sent));
      });
    } finally {
      await pool.end();
    }
  });

  it("holds gathered reads asked while the same one is under way until it answers, then sends them as one", async () => {
    const pool = pgPool(database.url, 2);
    const context = pooledReads(pool);
    // Item "a" waits inside PostgreSQL (behind a lock another connection holds); the others do not.
    const EACH = `SELECT nextval('runs')::int AS run, asked AS item
      FROM unnest($2::text[]) AS asked,
        LATERAL (SELECT CASE WHEN asked = 'a' THEN pg_advisory_xact_lock_shared(8) END) AS held
      WHERE $1::text IS NOT NULL`;
    type Each = { run: number; item: string };
    const query = vi.spyOn(pg.Client.prototype, "query");
    const sentEach = () =>
      query.mock.calls.filter(([config]) => (config as { name?: string }).name === "each").length;
    try {
      await withPgClient(database.url, async (holder) => {
        await holder.query("SELECT pg_advisory_lock(8)");
        const first = context.gather<Each>("each", EACH, ["x"], "a");
        for (;;) {
          const { rows } = await holder.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock_shared(8)%'`,
          );
          if (rows[0]?.n === 1) break;
        }
        const later = ["b", "c", "b"].map((item) =>
          context.gather<Each>("each", EACH, ["x"], item),
        );
        // A read asked after them goes on the free connection; had they been sent, with it.
        await context.read("other", "SELECT $1::text AS asked", ["o"]);
        expect(sentEach()).toBe(1);
        await holder.query("SELECT pg_advisory_unlock(8)");
        const [run] = runs(await first);
        const answers = await Promise.all(later);
        expect(answers.map((rows) => rows.map((row) => row.item))).toEqual([["b"], ["c"], ["b"]]);
        expect(sentEach()).toBe(2);
        for (const rows of answers) expect(runs(rows)[0]).toBeGreaterThan(run as number);
      });
    } finally {
      query.mockRestore();
      await pool.end();
    }
  });
});
