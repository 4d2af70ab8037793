import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../logger";
import { backupFileName, backupTime } from "./backup-names";
import type { BackupSummary } from "./backup-summary";

const DAY_MS = 86_400_000;
/** How often the server looks whether a daily backup is due: a missed day is made up within this. */
const CHECK_EVERY_MS = 3_600_000;

export interface DailyBackupsOptions {
  /** DATA_DIR/backups. */
  readonly dir: string;
  /** Daily backups kept (BACKUP_DAYS); older ones are deleted. Manual ones are never deleted. */
  readonly keep: number;
  readonly backup: (file: string) => Promise<BackupSummary>;
  readonly now: () => number;
  readonly logger: Logger;
}

/**
 * The server's own backups: one a day in DATA_DIR/backups, the newest `keep` kept. A day is
 * counted from the newest daily backup, so a server restarted often still makes one a day, and
 * one that was down makes up for it within the hour.
 */
export class DailyBackups {
  readonly #options: DailyBackupsOptions;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> = Promise.resolve();

  constructor(options: DailyBackupsOptions) {
    this.#options = options;
  }

  /** Makes today's backup if it is due, then prunes; null when none was due. One at a time. */
  runDue(): Promise<BackupSummary | null> {
    const run = this.#running.then(() => this.#due());
    this.#running = run.catch(() => undefined);
    return run;
  }

  async #due(): Promise<BackupSummary | null> {
    const { dir, keep, now } = this.#options;
    const at = now();
    const dailies = backupsIn(dir)
      .filter((b) => b.kind === "daily")
      .sort((a, b) => b.atMs - a.atMs);
    const newest = dailies[0];
    if (newest && at - newest.atMs < DAY_MS) return null;
    const summary = await this.#options.backup(join(dir, backupFileName("daily", at)));
    const name = summary.file.slice(dir.length + 1);
    for (const old of [{ name, atMs: at }, ...dailies].slice(keep))
      rmSync(join(dir, old.name), { force: true });
    this.#options.logger.info({ backup: summary }, "daily backup made");
    return summary;
  }

  /** Checks now and every hour; a failed backup is logged and tried again at the next check. */
  start(): void {
    const check = () => {
      this.#running = this.runDue().catch((error: unknown) =>
        this.#options.logger.error(
          { err: error },
          "daily backup failed; trying again within the hour",
        ),
      );
    };
    check();
    this.#timer = setInterval(check, CHECK_EVERY_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }
}

/** The backups of ours in `dir` (by their names); none when the folder does not exist. */
function backupsIn(dir: string): { name: string; kind: string; atMs: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const time = backupTime(name);
    return time ? [{ name, ...time }] : [];
  });
}

/** When the newest backup of any kind in `dir` was made; null when there is none. */
export function newestBackupAt(dir: string): number | null {
  const times = backupsIn(dir).map((b) => b.atMs);
  return times.length === 0 ? null : Math.max(...times);
}
