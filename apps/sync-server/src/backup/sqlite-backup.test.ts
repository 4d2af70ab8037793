import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { privateFile } from "../private-files";
import { openDatabase } from "../storage/sqlite/open-database";
import { backupSqlite } from "./sqlite-backup";

const root = mkdtempSync(join(tmpdir(), "stamp-sqlite-backup-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o7777;

describe("backupSqlite", () => {
  it("writes one self-contained 0600 file, and leaves the mode of a folder the operator chose", async () => {
    const database = join(root, "data", "stamp.db");
    privateFile(database);
    const live = openDatabase(database);
    // A shared folder like /tmp (sticky, everyone may write): chmod-ing it would break the machine.
    const shared = join(root, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    try {
      const summary = await backupSqlite(live.$client, join(shared, "stamp.db"), []);
      expect(summary).toMatchObject({ events: 0, files: 0 });
      expect(mode(shared)).toBe(0o1777);
      expect(mode(summary.file)).toBe(0o600);
      // The live database runs in WAL mode; the copy needs nothing beside it.
      expect(existsSync(`${summary.file}-wal`)).toBe(false);
      const copy = new Database(summary.file, { readonly: true, fileMustExist: true });
      expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
      copy.close();

      // A folder that does not exist yet is made private.
      const fresh = await backupSqlite(live.$client, join(root, "new", "deeper", "x.db"), []);
      expect(mode(join(root, "new", "deeper"))).toBe(0o700);
      expect(mode(fresh.file)).toBe(0o600);
    } finally {
      live.$client.close();
    }
  });

  it("finishes a copy at once while another connection writes all the time", async () => {
    const database = join(root, "busy", "stamp.db");
    privateFile(database);
    const copier = openDatabase(database);
    const writer = new Database(database);
    writer.exec("CREATE TABLE filler (x TEXT)");
    const insert = writer.prepare("INSERT INTO filler VALUES (?)");
    writer.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run("x".repeat(1000));
    })();
    // A write on every turn of the event loop: a copy made in steps would start over each time.
    let writing = true;
    const write = () => {
      if (!writing) return;
      insert.run("y");
      setImmediate(write);
    };
    setImmediate(write);
    try {
      const summary = await backupSqlite(copier.$client, join(root, "busy-copy.db"), [], "at-once");
      writing = false;
      const copy = new Database(summary.file, { readonly: true });
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(
        (copy.prepare("SELECT count(*) AS n FROM filler").get() as { n: number }).n,
      ).toBeGreaterThanOrEqual(3000);
      copy.close();
    } finally {
      writing = false;
      writer.close();
      copier.$client.close();
    }
  });
});
