import { createHash } from "node:crypto";
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateFile } from "../private-files";
import { openDatabase } from "../storage/sqlite/open-database";
import { checkBackup } from "./backup-check";
import { restoreBackup } from "./restore-backup";
import { backupSqlite, CARRIED_FILES_TABLE } from "./sqlite-backup";

const dir = mkdtempSync(join(tmpdir(), "stamp-check-"));
const dataDir = join(dir, "data");
const good = join(dir, "good.db");
const carried = [
  { path: "secrets/device-token.key", content: Buffer.from("key") },
  { path: "certs/local-ca.pem", content: Buffer.from("ca") },
];

beforeAll(async () => {
  // A live database (which holds a table with enough rows to damage) and a backup of it.
  privateFile(join(dataDir, "stamp.db"));
  const live = openDatabase(join(dataDir, "stamp.db"));
  live.$client.exec("CREATE TABLE filler (x TEXT)");
  const insert = live.$client.prepare("INSERT INTO filler VALUES (?)");
  for (let i = 0; i < 200; i++) insert.run(`${"x".repeat(100)}${i}`);
  await backupSqlite(live.$client, good, carried);
  live.$client.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the good backup, changed by `change`. */
function variant(name: string, change: (db: Database.Database) => void): string {
  const file = join(dir, name);
  copyFileSync(good, file);
  const db = new Database(file);
  change(db);
  db.close();
  return file;
}

function damaged(): string {
  const file = join(dir, "damaged.db");
  copyFileSync(good, file);
  const fd = openSync(file, "r+");
  writeSync(fd, Buffer.alloc(4096, 0x41), 0, 4096, statSync(file).size - 3 * 4096);
  closeSync(fd);
  return file;
}

/** Every file of the data dir with its content's hash: what "nothing touched" means. */
function snapshot(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dataDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [path, createHash("sha256").update(readFileSync(path)).digest("hex")];
      }),
  );
}

describe("checkBackup", () => {
  it("accepts an intact Stamp backup and reads the files it carries", () => {
    const check = checkBackup(good);
    expect(check).toMatchObject({ ok: true, events: 0 });
    expect(check.ok && check.files.map((f) => [f.path, Buffer.from(f.content).toString()])).toEqual(
      [
        ["certs/local-ca.pem", "ca"],
        ["secrets/device-token.key", "key"],
      ],
    );
  });

  it("refuses what is not an intact Stamp backup of this or an older version; restore then touches nothing", async () => {
    const junk = join(dir, "junk.db");
    writeFileSync(junk, "not a database at all, just text that is long enough to have a header");
    const cases = [
      [junk, "backup-unreadable"],
      [join(dir, "missing.db"), "backup-unreadable"],
      [variant("other.db", (db) => db.exec("DROP TABLE events")), "not-a-stamp-backup"],
      [damaged(), "backup-damaged"],
      [
        variant("newer.db", (db) =>
          db
            .prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', ?)")
            .run(Date.parse("2999-01-01")),
        ),
        "backup-from-newer-version",
      ],
      [
        variant("stray.db", (db) =>
          db
            .prepare(`INSERT INTO ${CARRIED_FILES_TABLE} VALUES (?, ?)`)
            .run("secrets/../../.ssh/authorized_keys", Buffer.from("evil")),
        ),
        "backup-damaged",
      ],
    ] as const;
    const before = snapshot();
    for (const [file, code] of cases) {
      expect(checkBackup(file)).toMatchObject({ ok: false, code });
      const answer = await restoreBackup(dataDir, file, { now: Date.now(), epoch: "0123456789ab" });
      expect(answer).toMatchObject({ ok: false, code });
    }
    expect(snapshot()).toEqual(before);
  });
});
