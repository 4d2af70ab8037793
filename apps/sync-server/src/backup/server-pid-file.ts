import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writePrivateFile } from "../private-files";

const pidFile = (dataDir: string) => join(dataDir, "stampd.pid");

/**
 * `stampd serve` notes its process id in DATA_DIR while it runs, so `stampd restore` can refuse
 * to swap the database under it. A file left by a crash names a process that is gone: ignored.
 */
export function claimDataDir(dataDir: string): () => void {
  writePrivateFile(pidFile(dataDir), `${process.pid}\n`);
  return () => {
    if (serverUsing(dataDir) === process.pid) rmSync(pidFile(dataDir), { force: true });
  };
}

/** The process id of the server using `dataDir`, or null. */
export function serverUsing(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile(dataDir), "utf8"), 10);
  } catch {
    return null;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; still a server using the folder.
    return (error as NodeJS.ErrnoException).code === "EPERM" ? pid : null;
  }
}
