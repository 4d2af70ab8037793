/** What a backup holds, as `stampd backup` prints it. */
export interface BackupSummary {
  readonly file: string;
  readonly bytes: number;
  /** Events in the copy (every merchant's). */
  readonly events: number;
  /** Files of DATA_DIR's `secrets/` and `certs/` carried in it (see carried-files.ts). */
  readonly files: number;
}
