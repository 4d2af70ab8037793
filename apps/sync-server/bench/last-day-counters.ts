import Database from "better-sqlite3";
import pg from "pg";

/**
 * The dashboard's "last 24 h" tiles (stamps that still stand, card activity) read three ways from
 * a seeded database, for the decision between an index and the rollup (issue 14): as
 * `merchantStats` reads them (a scan of the merchant's events, no index on `received_at`), the
 * same statements with an index on `events(merchant_id, received_at)`, and the rollup's hours
 * (`insight_hours`: by the hour the events were made at the till, from the start of this hour
 * yesterday — what `merchantStats` reads now).
 */
export interface CountersTarget {
  /** The SQLite file, or the PostgreSQL URL. */
  readonly sqliteFile?: string;
  readonly databaseUrl?: string;
  readonly merchantId: string;
  readonly now: number;
  readonly reads: number;
}

const HOUR = 3_600_000;
const INDEX = "bench_events_merchant_received";

interface Way {
  readonly name: string;
  readonly stamps: string;
  readonly activity: string;
  /** The `since` it reads from: 24 h back, or the start of that hour (the rollup). */
  readonly since: (now: number) => number;
}

function ways(count: string): Way[] {
  const events = {
    stamps: `SELECT coalesce(sum(${count}), 0) AS n FROM events e
      WHERE e.merchant_id = $1 AND e.received_at >= $2 AND e.type = 'stamps.added'
        AND NOT EXISTS (SELECT 1 FROM insight_revoked u WHERE u.event_id = e.id)`,
    activity: "SELECT count(*) AS n FROM events WHERE merchant_id = $1 AND received_at >= $2",
    since: (now: number) => now - 24 * HOUR,
  };
  return [
    { name: "events, no index (as before)", ...events },
    { name: "events + index (merchant_id, received_at)", ...events },
    {
      name: "rollup insight_hours (by hour given)",
      stamps:
        "SELECT coalesce(sum(stamps), 0) AS n FROM insight_hours WHERE merchant_id = $1 AND hour >= $2",
      activity:
        "SELECT coalesce(sum(events), 0) AS n FROM insight_hours WHERE merchant_id = $1 AND hour >= $2",
      since: (now: number) => Math.floor((now - 24 * HOUR) / HOUR) * HOUR,
    },
  ];
}

/** One database's way to run a statement ($1, $2) and to add or drop the index. */
interface Runner {
  readonly run: (text: string, values: unknown[]) => Promise<number>;
  readonly indexSizeMb: () => Promise<number>;
  readonly close: () => Promise<void>;
}

function sqliteRunner(file: string): Runner {
  const db = new Database(file);
  return {
    run: async (text, values) => {
      const statement = db.prepare(text.replace(/\$\d/g, "?"));
      if (!statement.reader) return Number(statement.run(...values).changes);
      return Number((statement.get(...values) as { n: number }).n);
    },
    indexSizeMb: async () =>
      Number(
        (
          db.prepare("SELECT sum(pgsize) AS n FROM dbstat WHERE name = ?").get(INDEX) as {
            n: number;
          }
        ).n,
      ) / 1e6,
    close: async () => {
      db.close();
    },
  };
}

async function pgRunner(url: string): Promise<Runner> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    run: async (text, values) =>
      Number((await client.query<{ n: string }>(text, values)).rows[0]?.n ?? 0),
    indexSizeMb: async () =>
      Number(
        (await client.query<{ n: string }>("SELECT pg_relation_size($1) AS n", [INDEX])).rows[0]?.n,
      ) / 1e6,
    close: () => client.end(),
  };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

/** Rows of the table: per way, the time of a read of both tiles and what they found. */
export async function measureLastDayCounters(
  target: CountersTarget,
): Promise<Record<string, string>[]> {
  const sqlite = target.sqliteFile !== undefined;
  const runner = sqlite
    ? sqliteRunner(target.sqliteFile as string)
    : await pgRunner(target.databaseUrl as string);
  const rows: Record<string, string>[] = [];
  try {
    for (const [i, way] of ways(
      sqlite ? "json_extract(e.body, '$.count')" : "(e.body::jsonb ->> 'count')::int",
    ).entries()) {
      if (i === 1) {
        await runner.run(`CREATE INDEX ${INDEX} ON events (merchant_id, received_at)`, []);
        await runner.run(sqlite ? "ANALYZE" : "ANALYZE events", []);
      }
      const values = [target.merchantId, way.since(target.now)];
      const times: number[] = [];
      let found = [0, 0];
      for (let read = 0; read < target.reads + 2; read++) {
        const started = performance.now();
        found = [await runner.run(way.stamps, values), await runner.run(way.activity, values)];
        if (read >= 2) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      rows.push({
        database: sqlite ? "SQLite" : "PostgreSQL",
        "read from": way.name,
        reads: String(times.length),
        "p50, ms": percentile(times, 50).toFixed(2),
        "p95, ms": percentile(times, 95).toFixed(2),
        "stamps / activity found": `${found[0]} / ${found[1]}`,
        "extra index, MB": i === 1 ? (await runner.indexSizeMb()).toFixed(1) : "—",
      });
    }
    await runner.run(`DROP INDEX ${INDEX}`, []);
  } finally {
    await runner.close();
  }
  return rows;
}
