import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningServer } from "../src/server";
import { freshPostgresDatabase } from "./test-postgres";
import { seededServer, startServerOn, type TestServer } from "./test-server";

/**
 * Two in-process instances on one fresh PostgreSQL database: `b`, started first (it seeds the demo
 * merchant), and `a`, whose commits reach `b` only through PostgreSQL (NOTIFY). Each close, the
 * data directories' removal and the database's drop go to `cleanups`, to run in reverse.
 */
export async function twoPostgresInstances(
  cleanups: (() => Promise<void> | void)[],
): Promise<{ readonly b: TestServer; readonly a: RunningServer }> {
  const database = await freshPostgresDatabase();
  cleanups.push(() => database.drop());
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), "stamp-two-instances-")));
  cleanups.push(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const [bDir, aDir] = dirs as [string, string];
  const b = await startServerOn(bDir, { databaseUrl: database.url });
  cleanups.push(() => b.close());
  const a = await startServerOn(aDir, { databaseUrl: database.url });
  cleanups.push(() => a.close());
  return { b: seededServer(b, bDir, database.url), a };
}
