/**
 * stampd's exit code when its database can no longer make writes durable (a failed WAL sync):
 * EX_IOERR of sysexits.h. Non-zero, so systemd's `Restart=on-failure` starts it again
 * (deploy/stampd.service), and SQLite recovers what the disk really holds.
 */
export const STORAGE_FAILED_EXIT_CODE = 74;

/** The error number (`EIO`, `ENOSPC`, …) behind a storage failure, or "unknown". */
export function failureErrno(failure: Error): string {
  for (let error: unknown = failure; error instanceof Error; error = error.cause) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === "string") return code;
  }
  return "unknown";
}

/** The one line the operator reads in the journal before the server exits. */
export function storageFailureMessage(failure: Error): string {
  return `stopping: the database's write-ahead log could not be synced to disk (${failureErrno(failure)}); nothing more can be made durable, so stampd exits with code ${STORAGE_FAILED_EXIT_CODE} and systemd restarts it (Restart=on-failure), when SQLite recovers what the disk holds; tills keep unanswered stamps and send them again. Check the disk (dmesg, free space).`;
}
