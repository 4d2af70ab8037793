import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { GroupCommit } from "./group-commit";

function openDb(): Database.Database {
  const db = new Database(join(mkdtempSync(join(tmpdir(), "group-commit-")), "t.db"));
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE t (v TEXT PRIMARY KEY)");
  return db;
}

function values(db: Database.Database): string[] {
  return db
    .prepare<[], { v: string }>("SELECT v FROM t ORDER BY v")
    .all()
    .map((r) => r.v);
}

describe("GroupCommit", () => {
  it("commits writes that arrive together in one transaction, answering each its own result", async () => {
    const db = openDb();
    const group = new GroupCommit(db);
    const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
    // Another connection sees only committed rows: if the three shared one commit, none of them
    // saw another's row.
    const reader = new Database(db.name, { readonly: true });
    const committed = reader.prepare<[], { n: number }>("SELECT count(*) AS n FROM t");
    const seen: number[] = [];
    const answers = await Promise.all(
      ["a", "b", "c"].map((v) =>
        group.run(() => {
          insert.run(v);
          seen.push((committed.get() as { n: number }).n);
          return v.toUpperCase();
        }),
      ),
    );
    expect(answers).toEqual(["A", "B", "C"]);
    expect(seen).toEqual([0, 0, 0]);
    expect(values(db)).toEqual(["a", "b", "c"]);
  });

  it("undoes and rejects only the write that failed; the others of its group commit", async () => {
    const db = openDb();
    const group = new GroupCommit(db);
    const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
    const results = await Promise.allSettled([
      group.run(() => insert.run("a")),
      group.run(() => {
        insert.run("b");
        insert.run("a"); // a primary-key clash after a write that must be undone with it
      }),
      group.run(() => insert.run("c")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(values(db)).toEqual(["a", "c"]);
  });

  it("rejects every write of a group whose commit fails, leaving nothing behind", async () => {
    const db = openDb();
    const group = new GroupCommit(db);
    const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
    // A second connection holding the write lock makes the group's BEGIN IMMEDIATE fail at once.
    const other = new Database(db.name);
    other.pragma("busy_timeout = 0");
    db.pragma("busy_timeout = 0");
    other.exec("BEGIN IMMEDIATE");
    const results = await Promise.allSettled([
      group.run(() => insert.run("a")),
      group.run(() => insert.run("b")),
    ]);
    other.exec("ROLLBACK");
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(values(db)).toEqual([]);
  });

  it("waits for writers still arriving, so a write read a moment later joins the commit", async () => {
    const db = openDb();
    let arriving = 1;
    let asked = () => {};
    const polled = new Promise<void>((resolve) => {
      asked = resolve;
    });
    // A clock held still: the commit waits until no writer is arriving, however late "b" comes.
    const group = new GroupCommit(
      db,
      () => {
        asked();
        return arriving;
      },
      () => 0,
    );
    const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
    const reader = new Database(db.name, { readonly: true });
    const committed = reader.prepare<[], { n: number }>("SELECT count(*) AS n FROM t");
    const seen: number[] = [];
    const write = (v: string) =>
      group.run(() => {
        insert.run(v);
        seen.push((committed.get() as { n: number }).n);
      });
    const first = write("a");
    // The group has asked once and been told a writer is arriving: it waits for it.
    await polled;
    arriving = 0;
    await Promise.all([first, write("b")]);
    expect(seen).toEqual([0, 0]);
  });

  it("commits anyway once a writer said to be arriving is a few milliseconds late", async () => {
    const db = openDb();
    const group = new GroupCommit(db, () => 1);
    const started = performance.now();
    await group.run(() => db.prepare("INSERT INTO t (v) VALUES ('late')").run());
    expect(performance.now() - started).toBeLessThan(100);
    expect(values(db)).toEqual(["late"]);
  });

  it("commits what is waiting when drained, before the database closes", async () => {
    const db = openDb();
    const group = new GroupCommit(db);
    const pending = group.run(() => db.prepare("INSERT INTO t (v) VALUES ('x')").run());
    group.drain();
    expect(values(db)).toEqual(["x"]);
    db.close();
    await expect(pending).resolves.toMatchObject({ changes: 1 });
  });
});
