/** What a backup holds, as `stampd backup` prints it. */
export interface BackupSummary {
  readonly file: string;
  readonly bytes: number;
  /** Events in the copy (every merchant's). */
  readonly events: number;
}
