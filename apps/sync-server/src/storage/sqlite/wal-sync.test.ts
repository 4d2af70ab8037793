import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { HeldWalSyncs } from "../../../test/held-wal-syncs";
import { WalSync } from "./wal-sync";

const dir = mkdtempSync(join(tmpdir(), "wal-sync-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function openDb(pragmas: string[] = []): { db: Database.Database; file: string } {
  const file = join(dir, `t${files++}.db`);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  for (const pragma of pragmas) db.pragma(pragma);
  db.exec("CREATE TABLE t (v TEXT PRIMARY KEY, body BLOB)");
  return { db, file };
}

/** A WalSync whose syncs the test lets go (`syncs.next()`), and an insert to commit with. */
function heldWal() {
  const { db, file } = openDb();
  const syncs = new HeldWalSyncs();
  syncs.hold = true;
  const wal = new WalSync(db, `${file}-wal`, syncs.syncWal);
  const insert = db.prepare<[string]>("INSERT INTO t (v) VALUES (?)");
  return { db, syncs, wal, insert };
}

/** Marks when `promise` settles, to check which of several waiters a sync let go. */
function watch(promise: Promise<void>): { settled: boolean; promise: Promise<void> } {
  const watched = { settled: false, promise };
  promise.then(
    () => {
      watched.settled = true;
    },
    () => {
      watched.settled = true;
    },
  );
  return watched;
}

describe("WalSync", () => {
  it("answers only after a sync that started after the commit; commits meanwhile share the next", async () => {
    const { db, syncs, wal, insert } = heldWal();
    expect(db.pragma("synchronous", { simple: true })).toBe(1); // NORMAL: COMMIT does not fsync

    // Nothing committed since the connection was handed over: nothing to wait for.
    await wal.settled();
    expect(syncs.pending).toBe(0);

    insert.run("a");
    const a = watch(wal.settled());
    const first = await syncs.next();
    insert.run("b"); // committed while the first sync runs: that sync may not cover it
    const b = watch(wal.settled());
    insert.run("c");
    const c = watch(wal.settled());
    const read = watch(wal.settled()); // a read that may have seen b and c
    expect([a.settled, b.settled, c.settled, read.settled]).toEqual([false, false, false, false]);

    first.release();
    await a.promise;
    expect([b.settled, c.settled, read.settled]).toEqual([false, false, false]);
    const second = await syncs.next(); // one sync for b, c and the read
    expect(syncs.pending).toBe(0);
    second.release();
    await Promise.all([b.promise, c.promise, read.promise]);

    await wal.settled(); // all synced: answers at once
    expect(syncs.pending).toBe(0);
    await wal.close();
    db.close();
  });

  it("after a failed sync rejects its waiters, those of the next sync and everyone after", async () => {
    const { db, syncs, wal, insert } = heldWal();
    insert.run("a");
    const a = wal.settled();
    const first = await syncs.next();
    insert.run("b");
    const b = wal.settled();
    first.fail(new Error("EIO"));
    await expect(a).rejects.toThrow(/could not be synced to disk \(Error: EIO\)/);
    await expect(b).rejects.toThrow(/could not be synced/);
    expect(wal.failure?.message).toMatch(/restart the server/);
    expect(await wal.failed).toBe(wal.failure); // what stops the server (server.ts)
    // Even with nothing new committed: what was committed before may not be on disk.
    await expect(wal.settled()).rejects.toThrow(/could not be synced/);
    expect(syncs.pending).toBe(0);
    await expect(wal.close()).rejects.toThrow(/could not be synced/);
    db.close();
  });

  it("closes the WAL file only after the syncs asked for while it closes", async () => {
    const { db, syncs, wal, insert } = heldWal();
    insert.run("a");
    const a = wal.settled();
    const first = await syncs.next();
    const closing = wal.close(); // covered by the first sync
    insert.run("b"); // a write still arriving: it needs the next sync, on the same file
    const b = wal.settled();
    first.release();
    await a;
    (await syncs.next()).release();
    await b; // fails (bad file descriptor) if the file was closed under the sync
    await closing;
    db.close();
  });

  it("refuses to be asked inside a transaction, where uncommitted rows would count as covered", () => {
    const { db, file } = openDb();
    const wal = new WalSync(db, `${file}-wal`);
    expect(() => db.transaction(() => wal.settled())()).toThrow(/inside a transaction/);
    db.close();
  });

  it("syncs the same WAL file across checkpoints and truncation, and every row survives a reopen", async () => {
    // A checkpoint every 8 pages and a 16 KB size limit: the WAL restarts and shrinks many times.
    const { db, file } = openDb(["wal_autocheckpoint = 8", "journal_size_limit = 16384"]);
    const walFile = `${file}-wal`;
    const wal = new WalSync(db, walFile);
    const inode = statSync(walFile).ino;
    const insert = db.prepare("INSERT INTO t (v, body) VALUES (?, randomblob(3000))");
    const sizes: number[] = [];
    for (let i = 0; i < 60; i++) {
      insert.run(`row ${i}`);
      await wal.settled();
      expect(statSync(walFile).ino).toBe(inode);
      sizes.push(statSync(walFile).size);
    }
    // It grew past the limit between checkpoints and was cut back to it.
    expect(Math.max(...sizes)).toBeGreaterThan(16384);
    expect(sizes.some((size, i) => i > 0 && size < (sizes[i - 1] ?? 0))).toBe(true);

    await wal.close();
    db.close();
    expect(existsSync(walFile)).toBe(false); // the last connection checkpointed and removed it
    const again = new Database(file);
    expect(again.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 60 });
    again.close();
  });
});
