import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import { backupFileName } from "./backup-names";
import { DailyBackups, newestBackupAt } from "./daily-backups";

const dir = mkdtempSync(join(tmpdir(), "stamp-daily-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;

describe("DailyBackups", () => {
  it("makes one a day by the clock it is given, keeps the newest, never touches manual ones", async () => {
    let now = Date.parse("2026-12-01T03:00:00Z");
    let failNext = false;
    const backups = new DailyBackups({
      dir,
      keep: 2,
      now: () => now,
      logger: createLogger("silent"),
      backup: async (file) => {
        if (failNext) throw new Error("disk full");
        writeFileSync(file, "copy");
        return { file, bytes: 4, events: 0, files: 0 };
      },
    });
    writeFileSync(join(dir, backupFileName("manual", now - 30 * 24 * HOUR)), "mine");
    writeFileSync(join(dir, "notes.txt"), "not a backup");

    expect(newestBackupAt(dir)).toBe(now - 30 * 24 * HOUR);
    expect(await backups.runDue()).toMatchObject({ file: join(dir, "daily-20261201T030000Z.db") });
    expect(newestBackupAt(dir)).toBe(now);
    now += 23 * HOUR;
    expect(await backups.runDue()).toBeNull();
    now += 2 * HOUR;
    failNext = true;
    await expect(backups.runDue()).rejects.toThrow("disk full");
    failNext = false;
    now += HOUR;
    expect(await backups.runDue()).not.toBeNull();
    now += 24 * HOUR;
    expect(await backups.runDue()).not.toBeNull();

    expect(readdirSync(dir).sort()).toEqual([
      "daily-20261202T050000Z.db",
      "daily-20261203T050000Z.db",
      "manual-20261101T030000Z.db",
      "notes.txt",
    ]);
  });
});
