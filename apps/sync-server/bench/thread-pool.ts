/**
 * The WAL sync against admin sign-ins on libuv's thread pool (issue 13): how long an answer waits
 * for its fdatasync (`WalSync.settled()`, storage/sqlite/wal-sync.ts) while 0 or 4 sign-ins hash
 * their passwords (scrypt at the default cost) on the same pool, for each pool size in
 * BENCH_POOL_SIZES (default "4;8": libuv's default, and what `npm start` and deploy/stampd.service set).
 * Each size runs in a process of its own: the pool's size is fixed when it is first used.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { percentile, printTable, type Row } from "../../../scripts/bench-table";
import { PasswordHasher } from "../src/admin/password";
import { WalSync } from "../src/storage/sqlite/wal-sync";

const SIZES = (process.env.BENCH_POOL_SIZES ?? "4;8").split(";").map(Number);
const ROUNDS = Number(process.env.BENCH_POOL_ROUNDS ?? 30);
const SIGN_INS = 4;

/** One pool size, in this (child) process: the sync's wait per round, without and with sign-ins. */
async function measure(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), "stamp-pool-"));
  try {
    const file = join(dir, "t.db");
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE t (v BLOB)");
    const wal = new WalSync(db, `${file}-wal`);
    const insert = db.prepare("INSERT INTO t (v) VALUES (randomblob(4000))");
    const passwords = new PasswordHasher();
    const rows: Row[] = [];
    for (const signIns of [0, SIGN_INS]) {
      const waits: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const hashing = Array.from({ length: signIns }, () => passwords.hash("a password"));
        insert.run();
        const started = performance.now();
        await wal.settled();
        waits.push(performance.now() - started);
        await Promise.all(hashing);
      }
      rows.push({
        "pool threads": process.env.UV_THREADPOOL_SIZE ?? "4",
        "sign-ins at once": signIns,
        "sync wait p50, ms": percentile(waits, 50).toFixed(1),
        "p99, ms": percentile(waits, 99).toFixed(1),
        "max, ms": Math.max(...waits).toFixed(1),
      });
    }
    await wal.close();
    db.close();
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--measure") {
  process.stdout.write(JSON.stringify(await measure()));
} else {
  const rows = SIZES.flatMap((size) => {
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", fileURLToPath(import.meta.url), "--measure"],
      { env: { ...process.env, UV_THREADPOOL_SIZE: String(size) }, encoding: "utf8" },
    );
    if (child.status !== 0) throw new Error(child.stderr);
    return JSON.parse(child.stdout) as Row[];
  });
  printTable(
    `WAL sync wait while admin sign-ins hash (scrypt, default cost) on libuv's pool, ${ROUNDS} rounds`,
    rows,
  );
}
