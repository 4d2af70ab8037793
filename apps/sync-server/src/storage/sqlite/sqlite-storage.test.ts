import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { CONTRACT_SNAPSHOTS, storageContract } from "../contract/storage-contract";
import { openSqliteStorage } from "./sqlite-storage";

storageContract({
  name: "SQLite",
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), "stamp-contract-"));
    const file = join(dir, "stamp.db");
    return {
      open: async () => openSqliteStorage(file, { snapshots: CONTRACT_SNAPSHOTS }),
      async sql(statements) {
        const db = new Database(file);
        try {
          for (const statement of statements) db.prepare(statement).run();
        } finally {
          db.close();
        }
      },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});
