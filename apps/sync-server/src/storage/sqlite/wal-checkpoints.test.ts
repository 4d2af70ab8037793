import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./open-database";
import { openSqliteStorage } from "./sqlite-storage";
import {
  startCheckpointWorker,
  type WalCheckpointOptions,
  WalCheckpoints,
  walIndex,
} from "./wal-checkpoints";

const dir = mkdtempSync(join(tmpdir(), "wal-checkpoints-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Few frames, so a test's commit of ~130 pages crosses it but not the connection's own (200). */
const FRAMES = 100;

let files = 0;
function opened(options: Partial<WalCheckpointOptions> = {}) {
  const file = join(dir, `t${files++}.db`);
  const client = openDatabase(file).$client;
  client.exec("CREATE TABLE blobs (body BLOB)");
  client.pragma("wal_checkpoint(TRUNCATE)"); // the tests count frames from an empty WAL
  const failures: Error[] = [];
  let failed = (_error: Error) => {};
  const failure = new Promise<Error>((resolve) => {
    failed = resolve;
  });
  const checkpoints = new WalCheckpoints(client, file, {
    frames: FRAMES,
    failed: (error) => {
      failures.push(error);
      failed(error);
    },
    ...options,
  });
  const shm = openSync(`${file}-shm`, "r");
  const pages = (n: number) =>
    client.prepare("INSERT INTO blobs (body) VALUES (randomblob(?))").run(n * 4096);
  const close = async () => {
    closeSync(shm);
    await checkpoints.close();
    client.close();
  };
  return { file, client, checkpoints, shm, pages, failures, failure, close };
}

describe("WalCheckpoints", () => {
  it("a commit past the threshold does not checkpoint; the worker does, then the WAL restarts", async () => {
    const { checkpoints, shm, pages, failures, close } = opened();
    pages(130);
    const grown = walIndex(shm);
    // SQLite's autocheckpoint at 100 frames would have copied the WAL inside that commit.
    expect(grown.frames).toBeGreaterThan(FRAMES);
    expect(grown.copied).toBe(0);

    checkpoints.afterCommit();
    await checkpoints.idle();
    expect(walIndex(shm)).toEqual({ frames: grown.frames, copied: grown.frames });

    pages(1); // the next write starts the WAL over from its beginning
    expect(walIndex(shm).frames).toBeLessThan(10);
    // Below the threshold again: nothing is asked of the worker.
    checkpoints.afterCommit();
    await checkpoints.idle();
    expect(walIndex(shm).copied).toBe(0);
    expect(failures).toEqual([]);
    await close();
  });

  it("a worker that falls behind: past twice the threshold the connection checkpoints on commit", async () => {
    // A worker that never checkpoints (it only closes when told).
    const stuck = () =>
      new Worker(
        `require("node:worker_threads").parentPort.on("message", (m) => { if (m === "close") process.exit(0); });`,
        { eval: true },
      );
    const { checkpoints, shm, pages, failures, close } = opened({ startWorker: stuck });
    pages(130);
    checkpoints.afterCommit();
    expect(walIndex(shm).copied).toBe(0);
    pages(80);
    const index = walIndex(shm);
    expect(index.frames).toBeGreaterThan(2 * FRAMES);
    expect(index.copied).toBe(index.frames);
    expect(failures).toEqual([]);
    await close();
  });

  it("a worker that fails is reported, and commits checkpoint at the threshold again", async () => {
    const failing = () => startCheckpointWorker(join(dir, "missing", "stamp.db"));
    const { checkpoints, shm, pages, failures, failure, close } = opened({
      startWorker: failing,
    });
    expect((await failure).message).toMatch(/directory does not exist|unable to open/);
    pages(130);
    const index = walIndex(shm);
    expect(index.frames).toBeGreaterThan(FRAMES);
    expect(index.copied).toBe(index.frames); // inside the commit, as SQLite does by default
    checkpoints.afterCommit(); // nothing asked of a dead worker
    await checkpoints.idle();
    expect(failures).toHaveLength(1);
    await close();
  });

  it("the storage closes the worker's connection, then its own, which removes the WAL", async () => {
    const file = join(dir, "storage.db");
    const failures: Error[] = [];
    const storage = openSqliteStorage(file, {
      checkpoints: { frames: FRAMES, failed: (error) => failures.push(error) },
    });
    expect(await storage.store.isEmpty()).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(true);
    await storage.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
    expect(failures).toEqual([]);
  });
});
