/**
 * In-process ingest probe on PostgreSQL (issue 13 §4): where the CPU of one 500-event sync round
 * goes, without HTTP — `syncBatch` against a throwaway cluster, as the bulk-ingest bench's "one
 * till at a time" sends it (four tills taking turns on 1,000 shared cards). Over the measured
 * rounds, per round: this process's CPU (process.cpuUsage: the server's side), the cluster's CPU
 * (its postmaster and backends from /proc: PostgreSQL's side), the statements sent and the
 * parameter bytes they carried. BENCH_STATEMENTS=1 loads `pg_stat_statements` into the cluster and
 * prints, per statement, its calls, plans (one a call: PostgreSQL plans it anew each time, a
 * custom plan), rows, buffers read (a count) and execution and planning time per round (times, not counts: a guide to
 * where, not a figure). BENCH_EXPLAIN=<ms> logs the plans of statements slower than that as they
 * ran (auto_explain: time per node and per foreign key trigger, buffers, WAL) and prints the last.
 * BENCH_SQL: a statement run on the database before the seed (to try a storage setting, e.g. a
 * table's fillfactor). BENCH_EVENTS: events sent (50,000); BENCH_WARM: rounds not counted (20).
 */

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";
import { loadConfig } from "../src/config";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { pairDevice } from "../src/devices/pair-device";
import { createLogger } from "../src/logger";
import { openServices } from "../src/open-services";
import { type PostgresCluster, startPostgresCluster } from "../test/postgres-cluster";
import { seedBenchMerchant } from "./bench-merchant";
import { clusterCpuMs, createDatabase, databaseSettings } from "./bench-support";
import { ingestBatches, ingestRound } from "./ingest-batches";
import { ownCpuMs } from "./ingest-raw";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const WARM = Number(process.env.BENCH_WARM ?? 20);
const BATCH = 500;
const DEVICES = 4;
const CARDS = 1_000;

/** Restarts the cluster with `pg_stat_statements` loaded (pg_ctl keeps its start options). */
function loadStatementStats(cluster: PostgresCluster, url: string): Promise<void> {
  return (async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
    await client.end();
    const bin = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    const pgCtl = [join(bin, "pg_ctl"), "-D", cluster.dataDir, "-w", "-m", "fast", "restart"];
    const [file, ...args] =
      process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--", ...pgCtl] : pgCtl;
    execFileSync(file as string, args, { stdio: "ignore" });
    const loaded = new pg.Client({ connectionString: url });
    await loaded.connect();
    await loaded.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    await loaded.query("ALTER SYSTEM SET pg_stat_statements.track_planning = on");
    await loaded.query("SELECT pg_reload_conf()");
    await loaded.end();
  })();
}

/**
 * Has the database log the plan of every statement slower than `ms` as it ran (auto_explain:
 * each node's time and rows, the time of each foreign key's trigger, buffers and WAL), in the
 * cluster's `server.log`: where a batch's one big statement spends its time.
 */
async function explainSlowStatements(url: string, ms: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const setting of [
    "session_preload_libraries = 'auto_explain'",
    `auto_explain.log_min_duration = ${ms}`,
    "auto_explain.log_analyze = on",
    "auto_explain.log_triggers = on",
    "auto_explain.log_buffers = on",
    "auto_explain.log_wal = on",
  ])
    await client.query(`ALTER DATABASE ingest SET ${setting}`);
  await client.end();
}

/** Counts the statements this process's pg clients send and the bytes of their parameters. */
function countStatements(): { statements: number; parameterBytes: number } {
  const counts = { statements: 0, parameterBytes: 0 };
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    counts.statements++;
    const config = args[0] as { values?: unknown[] } | string;
    const values = typeof config === "object" ? config.values : (args[1] as unknown[]);
    for (const value of values ?? [])
      counts.parameterBytes += typeof value === "string" ? Buffer.byteLength(value) : 8;
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  return counts;
}

const dataDir = mkdtempSync(join(tmpdir(), "stamp-ingest-pg-batch-"));
const cluster = startPostgresCluster();
try {
  const url = await createDatabase(cluster, "ingest");
  if (process.env.BENCH_STATEMENTS) await loadStatementStats(cluster, url);
  if (process.env.BENCH_EXPLAIN)
    await explainSlowStatements(url, Number(process.env.BENCH_EXPLAIN));
  const config = { ...loadConfig({}), dataDir, ...databaseSettings(url).config };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  if (process.env.BENCH_SQL) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(process.env.BENCH_SQL);
    await client.end();
  }
  const { merchant, cards } = await seedBenchMerchant(services, 1, CARDS);
  const tills: { deviceId: string; cursor: string | null }[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const created = await createPairingCode(services, merchant);
    if (!created.ok) throw new Error(created.reason);
    const paired = await pairDevice(services, { code: created.code, name: "Bench", mode: "staff" });
    if (!paired.ok) throw new Error(paired.reason);
    tills.push({ deviceId: paired.config.deviceId, cursor: null });
  }
  // As they arrive over HTTP: plain JSON, validated by the round.
  const batches = ingestBatches(tills, merchant, () => cards, EVENTS / BATCH, BATCH).map((b) => ({
    till: tills[b.device] as (typeof tills)[number],
    raw: JSON.parse(JSON.stringify(b.events)),
  }));
  const stats = new pg.Client({ connectionString: url });
  await stats.connect();
  const walBytes = async () =>
    Number(
      (await stats.query<{ lsn: string }>("SELECT pg_current_wal_lsn() - '0/0' AS lsn")).rows[0]
        ?.lsn,
    );
  let wal = 0;
  const counts = countStatements();
  let own = 0;
  let database = 0;
  let sent = { statements: 0, parameterBytes: 0 };
  for (const [b, { till, raw }] of batches.entries()) {
    if (b === WARM) {
      if (process.env.BENCH_STATEMENTS) await stats.query("SELECT pg_stat_statements_reset()");
      wal = await walBytes();
      database = clusterCpuMs(cluster.dataDir);
      own = ownCpuMs();
      sent = { ...counts };
    }
    await ingestRound(services, merchant, till, raw);
  }
  const rounds = batches.length - WARM;
  own = (ownCpuMs() - own) / rounds;
  database = (clusterCpuMs(cluster.dataDir) - database) / rounds;
  wal = ((await walBytes()) - wal) / rounds;
  process.stdout.write(
    `ingest-pg-batch rounds=${rounds} cpu ms/round server=${own.toFixed(1)} ` +
      `postgres=${database.toFixed(1)} total=${(own + database).toFixed(1)} ` +
      `statements/round=${((counts.statements - sent.statements) / rounds).toFixed(2)} ` +
      `parameter kB/round=${((counts.parameterBytes - sent.parameterBytes) / rounds / 1e3).toFixed(1)} ` +
      `WAL kB/round=${(wal / 1e3).toFixed(1)}\n`,
  );
  if (process.env.BENCH_STATEMENTS) {
    const { rows } = await stats.query<Record<string, string>>(
      `SELECT calls, plans, rows, total_exec_time AS exec, total_plan_time AS plan,
         shared_blks_hit + shared_blks_read AS blocks,
         regexp_replace(left(query, 90), '\\s+', ' ', 'g') AS query
       FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'
       ORDER BY total_exec_time + total_plan_time DESC LIMIT 25`,
    );
    for (const r of rows)
      process.stdout.write(
        `${(Number(r.exec) / rounds).toFixed(2).padStart(7)} exec ` +
          `${(Number(r.plan) / rounds).toFixed(2).padStart(6)} plan ms/round ` +
          `${(Number(r.calls) / rounds).toFixed(2).padStart(6)} calls ` +
          `${(Number(r.plans) / rounds).toFixed(2).padStart(6)} plans ` +
          `${(Number(r.rows) / rounds).toFixed(0).padStart(5)} rows ` +
          `${(Number(r.blocks) / rounds).toFixed(0).padStart(6)} blocks  ${r.query}\n`,
      );
    const tables = await stats.query<Record<string, string>>(
      `SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables
       WHERE n_tup_ins + n_tup_upd > 0 ORDER BY n_tup_ins + n_tup_upd DESC LIMIT 8`,
    );
    for (const r of tables.rows)
      process.stdout.write(
        `${r.relname}: inserted ${r.n_tup_ins}, updated ${r.n_tup_upd} (HOT ${r.n_tup_hot_upd})\n`,
      );
    const [sizes] = (
      await stats.query<Record<string, string>>(
        `SELECT (SELECT avg(octet_length(state))::int FROM cards) AS state,
           (SELECT avg(pg_column_size(state))::int FROM cards) AS "state stored",
           (SELECT avg(octet_length(body))::int FROM events) AS body`,
      )
    ).rows;
    process.stdout.write(`bytes, mean: ${JSON.stringify(sizes)}\n`);
  }
  await stats.end();
  await services.storage.close();
  if (process.env.BENCH_EXPLAIN) {
    // The last plan logged: a measured round's, the JIT and the caches warm.
    const log = readFileSync(join(dirname(cluster.dataDir), "server.log"), "utf8");
    process.stdout.write(log.slice(log.lastIndexOf("LOG:  duration:")));
  }
} finally {
  cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
